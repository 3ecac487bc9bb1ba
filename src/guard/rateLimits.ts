import type { Request, Response } from 'restify';
import type { TrustedProxies } from './clientAddress';

/** Public route groups, each with its own budget: a busy chat must not use up the directory's. */
export const RATE_BUCKETS = ['chat', 'ask', 'directory', 'login', 'messages'] as const;
export type RateBucket = (typeof RATE_BUCKETS)[number];

/** Requests per second per client, and how many may come at once above that rate. */
export interface RateLimit {
  rate: number;
  burst: number;
}

export type RateLimits = Record<RateBucket, RateLimit>;

type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => void;

/** Above this many tracked clients the idle ones are forgotten; a flood of addresses cannot grow memory. */
const MAX_CLIENTS = 50_000;

/**
 * A token bucket per client address and route group. The address is the one our trusted proxy
 * reports (see TrustedProxies), so clients behind one nginx are limited apart.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: RateLimits,
    private readonly proxies: TrustedProxies,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before the next request is allowed, or 0 (and the request is counted). */
  take(bucket: RateBucket, client: string): number {
    const { rate, burst } = this.limits[bucket];
    const key = `${bucket}\u0000${client}`;
    const now = this.now();
    const entry = this.buckets.get(key) ?? { tokens: burst, at: now };
    entry.tokens = Math.min(burst, entry.tokens + ((now - entry.at) / 1000) * rate);
    entry.at = now;
    // Re-inserted so the Map's order stays least-recently-used first.
    this.buckets.delete(key);
    this.buckets.set(key, entry);
    if (this.buckets.size > MAX_CLIENTS) this.forgetOldest();
    if (entry.tokens < 1) return Math.max(1, Math.ceil((1 - entry.tokens) / rate));
    entry.tokens -= 1;
    return 0;
  }

  /** restify middleware answering 429 with Retry-After once the client's budget is spent. */
  middleware(bucket: RateBucket): Middleware {
    return (req, res, next) => {
      const wait = this.take(bucket, this.proxies.clientOf(req));
      if (wait === 0) return next();
      res.header('Retry-After', String(wait));
      res.send(429, { error: { code: 'tooManyRequests', message: 'Too many requests, please slow down.' } });
      return next(false);
    };
  }

  private forgetOldest(): void {
    const excess = this.buckets.size - MAX_CLIENTS * 0.9;
    let removed = 0;
    for (const key of this.buckets.keys()) {
      if (removed++ >= excess) break;
      this.buckets.delete(key);
    }
  }
}

/** "10/30": 10 requests a second, bursts of 30. */
export function parseRateLimit(value: string): RateLimit {
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match || Number(match[1]) <= 0 || Number(match[2]) < 1) throw new Error(`expected requests-per-second/burst such as 10/30, got "${value}"`);
  return { rate: Number(match[1]), burst: Number(match[2]) };
}
