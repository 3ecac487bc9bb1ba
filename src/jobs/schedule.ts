import type { Logger } from '../logging/logger';

export interface Job {
  /** Runs the job now (at start, or when something makes it due early). */
  runNow(): Promise<void>;
  stop(): void;
}

/**
 * Runs `work` every `everyMs` in the background. A failure is logged and the next run comes as
 * planned; a run still going when the next is due is not started twice. The timer does not keep
 * the process alive.
 */
export function every(name: string, everyMs: number, work: () => Promise<void>, logger: Logger): Job {
  let running: Promise<void> | null = null;
  const runNow = () => {
    running ??= work()
      .catch((err: Error) => logger.error({ job: name, err: err.message }, 'background job failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runNow(), everyMs);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}
