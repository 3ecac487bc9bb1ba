import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

/**
 * Plays the channel side of the Bot Framework connector protocol: the bot posts its replies
 * to `serviceUrl/v3/conversations/{id}/activities[/{replyToId}]`, and the stub records them.
 */
export class ConnectorStub {
  readonly received: Partial<Activity>[] = [];
  private server?: http.Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  serviceUrl = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
          const activity = JSON.parse(body) as Partial<Activity>;
          this.received.push(activity);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${this.received.length}` }));
          this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
          return;
        }
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.serviceUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` activities have arrived in total. */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} activities, got ${this.received.length}`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  messages(): Partial<Activity>[] {
    return this.received.filter((a) => a.type === 'message');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let counter = 0;
/** A user message as a channel would post it to /api/messages. */
export function userMessage(serviceUrl: string, text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  counter += 1;
  return {
    type: 'message',
    id: `m${counter}`,
    text,
    channelId: 'emulator',
    serviceUrl,
    from: { id: 'user-1', name: 'Newcomer' },
    recipient: { id: 'bot', name: 'Bildungslotse' },
    conversation: { id: 'conv-1' } as Activity['conversation'],
    timestamp: new Date().toISOString() as unknown as Date,
    ...extra,
  };
}

/** Card titles of a reply, whether the channel got hero cards or Adaptive Cards. */
export function cardTitles(activity: Partial<Activity>): string[] {
  return (activity.attachments ?? []).map((a) => {
    const content = a.content as { title?: string; body?: { text?: string }[] };
    return content.title ?? content.body?.[0]?.text ?? '';
  });
}
