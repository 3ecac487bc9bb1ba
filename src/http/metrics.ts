import { createHash, timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import { isLoopbackAddress } from '../guard/clientAddress';
import type { Request, Response, Server } from 'restify';

const KNOWN_CHANNELS = new Set(['webchat', 'directline', 'emulator', 'msteams', 'telegram', 'facebook', 'whatsapp', 'slack', 'sms', 'email', 'line', 'kik', 'skype', 'test']);
const KNOWN_TYPES = new Set(['message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation', 'messageReaction', 'installationUpdate', 'contactRelationUpdate', 'handoff']);

/** Compares in constant time, so the token cannot be guessed a character at a time. */
function safeEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** What operators watch: turns, their latency, the search, the queue, errors. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly turns = new client.Counter({ name: 'bildungslotse_bot_turns_total', help: 'Bot turns by channel and activity type', labelNames: ['channel', 'type'] as const, registers: [this.registry] });
  readonly turnSeconds = new client.Histogram({
    name: 'bildungslotse_bot_turn_seconds',
    help: 'Time to process one bot turn',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly searchSeconds = new client.Histogram({
    name: 'bildungslotse_search_seconds',
    help: 'Time to understand and search one question',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly errors = new client.Counter({ name: 'bildungslotse_errors_total', help: 'Errors by kind', labelNames: ['kind'] as const, registers: [this.registry] });

  /**
   * Counts a turn under a fixed set of labels: channel ids and activity types come from the
   * sender, and each new value would be a new time series kept forever.
   */
  countTurn(channelId: unknown, type: unknown): void {
    const channel = KNOWN_CHANNELS.has(String(channelId)) ? String(channelId) : 'other';
    const kind = KNOWN_TYPES.has(String(type)) ? String(type) : 'other';
    this.turns.inc({ channel, type: kind });
  }

  constructor(gauges: { handoffsWaiting: () => Promise<number>; offers: () => number }) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'bildungslotse_' });
    new client.Gauge({
      name: 'bildungslotse_handoffs_waiting',
      help: 'Newcomers waiting for an advisor',
      registers: [this.registry],
      async collect() {
        this.set(await gauges.handoffsWaiting());
      },
    });
    new client.Gauge({
      name: 'bildungslotse_offers',
      help: 'Offers in the search index',
      registers: [this.registry],
      collect() {
        this.set(gauges.offers());
      },
    });
  }
}

/**
 * GET /metrics in Prometheus text format: with METRICS_TOKEN set, for that bearer token only.
 * Without it, only when the service listens on loopback with no proxy configured: behind a proxy
 * on the same host every stranger's request arrives from 127.0.0.1, so a local address proves nothing.
 */
export function registerMetricsRoute(server: Server, metrics: Metrics, access: { token: string; openOnLoopback: boolean }): void {
  const { token } = access;
  server.get('/metrics', async (req: Request, res: Response) => {
    const allowed = token
      ? safeEqual(req.header('authorization') ?? '', `Bearer ${token}`)
      : access.openOnLoopback && isLoopbackAddress(req.socket.remoteAddress) && !req.header('x-forwarded-for');
    if (!allowed) {
      const message = token || access.openOnLoopback ? 'Metrics are for operators.' : 'Metrics are for operators: set METRICS_TOKEN and scrape with it.';
      res.send(token ? 401 : 403, { error: { code: token ? 'unauthorized' : 'forbidden', message } });
      return;
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.sendRaw(200, await metrics.registry.metrics());
  });
}
