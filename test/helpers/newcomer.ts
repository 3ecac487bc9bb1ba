import type { Activity } from 'botbuilder';
import WebSocket from 'ws';

// The official client needs browser globals.
(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
(globalThis as Record<string, unknown>).WebSocket ??= WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');
type DL = InstanceType<typeof DirectLine>;

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

  /**
   * The next bot message matching `pattern`, from now on (one that arrived before the call does
   * not count): call it before whatever makes the bot speak, or use `ask`.
   */
  next(pattern: RegExp, timeoutMs = 8000, after = ''): Promise<Activity> {
    const test = (a: Activity) => a.from?.id === 'bildungslotse' && a.type === 'message' && pattern.test(a.text ?? '');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no bot message matching ${pattern}${after} within ${timeoutMs} ms; got: ${this.received.map((a) => a.text?.slice(0, 50)).join(' | ')}`)),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (a) => (clearTimeout(timer), resolve(a)) });
    });
  }

  /** Sends a message (with `value`, the payload of a button pressed) without waiting for a reply. */
  say(text: string, value?: unknown): Promise<void> {
    return new Promise((resolve, reject) =>
      this.dl.postActivity({ type: 'message', from: { id: this.userId }, text, value } as never).subscribe({ next: () => resolve(), error: reject }),
    );
  }

  /**
   * "The newcomer says X and waits for the reply": sends `text` (and `value`, when a button was
   * pressed) and resolves with the bot's next message matching `reply`. The wait starts before
   * the message goes out, so an answer that comes back at once is never missed.
   *
   *   await newcomer.ask('Deutschkurs in Döbeln', /Döbeln/);
   *   await newcomer.ask('Ja', /Worum geht es/, { action: 'choose', value: 'yes' });
   */
  async ask(text: string, reply: RegExp = /./, value?: unknown, timeoutMs?: number): Promise<Activity> {
    const answer = this.next(reply, timeoutMs, ` after saying “${text}”`);
    answer.catch(() => undefined); // if sending fails, that is the error the test sees
    await this.say(text, value);
    return answer;
  }

  get position() {
    const dl = this.dl as unknown as { conversationId: string; watermark: string };
    return { conversationId: dl.conversationId, watermark: dl.watermark };
  }
}

