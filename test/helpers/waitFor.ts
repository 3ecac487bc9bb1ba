/**
 * Waiting for something to happen in a test: check the condition until it holds, instead of
 * sleeping a fixed time and hoping it has happened by then (too short on a busy CI machine, too
 * long everywhere else).
 */
export interface WaitOptions {
  /** What is awaited, for the failure message: "the approved offer in /api/public/offers". */
  what: string;
  /** How long to wait at most (default 5 s). */
  timeoutMs?: number;
  /**
   * Pause between checks (default 10 ms). 0 checks again on the next turn of the event loop
   * (setImmediate); a check that asks the server (HTTP, a query) wants a few milliseconds.
   */
  intervalMs?: number;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

const pause = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/**
 * Resolves with the first truthy value `condition` returns. A check that throws (an assertion)
 * counts as "not yet"; if time runs out, the error names what was awaited and the last failure.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, { what, timeoutMs = 5000, intervalMs = 10 }: WaitOptions): Promise<Truthy<T>> {
  const started = Date.now();
  let lastFailure: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as Truthy<T>;
      lastFailure = undefined;
    } catch (err) {
      lastFailure = err;
    }
    if (Date.now() - started >= timeoutMs) {
      const detail = lastFailure === undefined ? '' : ` (last check: ${lastFailure instanceof Error ? lastFailure.message : String(lastFailure)})`;
      throw new Error(`timed out after ${Date.now() - started} ms waiting for ${what}${detail}`);
    }
    await pause(intervalMs);
  }
}

/**
 * The opposite, and deliberately a fixed window: `condition` must hold throughout `forMs`
 * ("the bot stays silent"). Fails as soon as it does not. Use it only where nothing observable
 * marks the moment after which the unwanted thing can no longer happen.
 */
export async function holdsFor(condition: () => boolean | Promise<boolean>, { what, forMs, intervalMs = 10 }: { what: string; forMs: number; intervalMs?: number }): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (!(await condition())) throw new Error(`${what}: no longer true after ${Date.now() - started} ms (should hold for ${forMs} ms)`);
    if (Date.now() - started >= forMs) return;
    await pause(intervalMs);
  }
}
