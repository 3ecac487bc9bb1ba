import type { Activity } from 'botbuilder';
import WebSocket from 'ws';

(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
(globalThis as Record<string, unknown>).WebSocket ??= WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');
type DL = InstanceType<typeof DirectLine>;

/** The official client needs browser globals. */

/** The newcomer: the official Direct Line client, and everything it has received so far. */
export class Newcomer {
  readonly received: Activity[] = [];
  private waiters: { test: (a: Activity) => boolean; resolve: (a: Activity) => void }[] = [];
  readonly dl: DL;

  constructor(baseUrl: string, token: string, readonly userId: string, resume?: { conversationId: string; watermark: string }) {
    this.dl = new DirectLine({
      domain: `${baseUrl}/v3/directline`,
      token,
      webSocket: true,
      conversationId: resume?.conversationId,
      watermark: resume?.watermark,
      conversationStartProperties: { locale: 'uk-UA' },
    } as never);
    this.dl.activity$.subscribe({
      next: (a) => {
        const activity = a as Activity;
        this.received.push(activity);
        this.waiters = this.waiters.filter((w) => (w.test(activity) ? (w.resolve(activity), false) : true));
      },
      // end() completes the stream with an error; the test has what it needs by then.
      error: () => undefined,
    });
  }

  /** The next bot message matching `pattern` (or already received after `since`). */
  next(pattern: RegExp, timeoutMs = 8000): Promise<Activity> {
    const test = (a: Activity) => a.from?.id === 'bildungslotse' && a.type === 'message' && pattern.test(a.text ?? '');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no bot message matching ${pattern}; got: ${this.received.map((a) => a.text?.slice(0, 50)).join(' | ')}`)),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (a) => (clearTimeout(timer), resolve(a)) });
    });
  }

  say(text: string, value?: unknown): Promise<void> {
    return new Promise((resolve, reject) =>
      this.dl.postActivity({ type: 'message', from: { id: this.userId }, text, value } as never).subscribe({ next: () => resolve(), error: reject }),
    );
  }

  get position() {
    const dl = this.dl as unknown as { conversationId: string; watermark: string };
    return { conversationId: dl.conversationId, watermark: dl.watermark };
  }
}

