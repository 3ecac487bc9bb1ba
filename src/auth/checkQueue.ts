import { AppError } from '../errors';

/**
 * Runs at most `concurrency` password checks at a time, with at most `maxWaiting` queued behind
 * them. scrypt runs on libuv's thread pool, which SQLite's queries share: unbounded parallel
 * sign-ins would hold every pool thread and stall each newcomer's chat behind them.
 */
export class CheckQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = 2,
    private readonly maxWaiting = 16,
  ) {}

  /** Runs `work` when a slot is free; refuses at once (429) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new AppError('tooManyRequests', 'Gerade melden sich zu viele an. Bitte versuchen Sie es in ein paar Sekunden noch einmal.');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
