/** An attempt that was counted before its password was checked; a right password takes it back. */
export interface LoginAttempt {
  forgive(): void;
}

/**
 * Slows password guessing: after a few failures for one key (an account at an address, or an
 * address), further attempts are refused for a while. An attempt counts the moment it starts,
 * so forty guesses sent at once are refused after the fifth instead of all being checked.
 * Kept in memory: a restart forgets, which costs an attacker a restart they cannot trigger.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the next attempt is allowed for any of the keys, or 0. */
  retryAfter(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    return wait;
  }

  /** Counts an attempt against every key now, or says how long to wait if any key is spent. */
  attempt(keys: string[]): LoginAttempt | { retryAfter: number } {
    const wait = this.retryAfter(keys);
    if (wait > 0) return { retryAfter: wait };
    const at = this.now();
    this.fail(keys, at);
    return {
      forgive: () => {
        for (const key of keys) {
          const times = this.failures.get(key);
          const i = times?.lastIndexOf(at) ?? -1;
          if (i >= 0) times!.splice(i, 1);
          if (times && times.length === 0) this.failures.delete(key);
        }
      },
    };
  }

  fail(keys: string[], at = this.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, at), at]);
    if (this.failures.size > 10_000) this.prune(at);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(key);
  }
}
