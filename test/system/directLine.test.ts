import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson, startTestApp, testConfig, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

// botframework-directlinejs expects browser globals.
(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
(globalThis as Record<string, unknown>).WebSocket ??= WebSocket;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

type DL = InstanceType<typeof DirectLine>;

/** Collects what the official client receives until `done` says enough. */
function collect(dl: DL, done: (all: Activity[]) => boolean, timeoutMs = 8000): Promise<Activity[]> {
  const all: Activity[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`timed out with ${all.length} activities: ${all.map((a) => a.text?.slice(0, 40)).join(' | ')}`));
    }, timeoutMs);
    const sub = dl.activity$.subscribe({
      next: (a) => {
        all.push(a as Activity);
        if (done(all)) {
          clearTimeout(timer);
          // Unsubscribe once the client has finished handing out this activity, not from inside it.
          setImmediate(() => (sub.unsubscribe(), resolve(all)));
        }
      },
      error: (e: unknown) => reject(e as Error),
    });
  });
}

const fromBot = (all: Activity[]) => all.filter((a) => a.from?.id === 'bildungslotse' && a.type === 'message');

/** A new conversation's token, and the user the service bound into it (never one the client picks). */
async function token(baseUrl: string) {
  const res = await postJson(`${baseUrl}/v3/directline/tokens/generate`, {});
  assert.equal(res.status, 200);
  const body = res.body as { token: string; conversationId: string };
  const { userId } = JSON.parse(Buffer.from(body.token.split('.')[0]!, 'base64url').toString('utf8')) as { userId: string };
  return { ...body, userId };
}

for (const webSocket of [false, true]) {
  describe(`local Direct Line with the official client (${webSocket ? 'WebSocket' : 'polling'})`, () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp();
    });
    after(async () => {
      await running.app.stop();
    });

    it('welcomes, answers an Arabic question in Arabic with an offer card, and reconnects without duplicates', async () => {
      const { token: t, userId } = await token(running.baseUrl);
      const dl = new DirectLine({
        domain: `${running.baseUrl}/v3/directline`,
        token: t,
        webSocket,
        pollingInterval: 200,
        conversationStartProperties: { locale: 'ar-SA' },
      } as never);
      const welcome = await collect(dl, (all) => fromBot(all).length >= 1);
      assert.match(fromBot(welcome)[0]!.text ?? '', /[\u0600-\u06FF]/, 'welcome in Arabic for an ar-SA client');

      const replies = collect(dl, (all) => fromBot(all).some((a) => (a.attachments?.length ?? 0) > 0));
      await new Promise<void>((resolve, reject) =>
        dl.postActivity({ type: 'message', from: { id: userId }, text: 'دورة اندماج في دوبلن' } as never).subscribe({ next: () => resolve(), error: reject }),
      );
      const got = await replies;
      const echoed = got.find((a) => a.from?.id === userId);
      assert.ok(echoed?.id, 'the newcomer’s own message comes back with its id');
      const cards = fromBot(got).find((a) => (a.attachments?.length ?? 0) > 0)!;
      assert.equal(cards.locale, 'ar');
      assert.match(cards.text ?? '', /[\u0600-\u06FF]/);
      const conversationId = (dl as unknown as { conversationId: string }).conversationId;
      const watermark = (dl as unknown as { watermark: string }).watermark;
      dl.end();

      // A reload: same conversation, from the last watermark: nothing old again.
      const again = await postJson(`${running.baseUrl}/v3/directline/tokens/refresh`, {}, { authorization: `Bearer ${t}` });
      const resumed = new DirectLine({
        domain: `${running.baseUrl}/v3/directline`,
        token: again.body.token,
        conversationId,
        watermark,
        webSocket,
        pollingInterval: 200,
      } as never);
      const after = collect(resumed, (all) => fromBot(all).length >= 1);
      await new Promise<void>((resolve, reject) =>
        resumed.postActivity({ type: 'message', from: { id: userId }, text: 'مرحبا' } as never).subscribe({ next: () => resolve(), error: reject }),
      );
      const later = await after;
      const ids = later.map((a) => a.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      assert.ok(!later.some((a) => got.some((g) => g.id === a.id)), 'nothing from before the watermark');
      resumed.end();
    });
  });
}

describe('local Direct Line tokens and limits', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.app.stop();
  });

  it('refuses expired, forged and other conversations’ tokens with 403, unknown conversations with 404', async () => {
    const a = await token(running.baseUrl);
    const b = await token(running.baseUrl);
    await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${a.token}` });
    const url = (id: string) => `${running.baseUrl}/v3/directline/conversations/${id}/activities`;
    const get = (id: string, t: string) => fetch(url(id), { headers: { authorization: `Bearer ${t}` } });
    assert.equal((await get(a.conversationId, a.token)).status, 200);
    assert.equal((await get(a.conversationId, b.token)).status, 403, 'another conversation’s token');
    const [body, sig] = a.token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ conversationId: a.conversationId, userId: 'x', exp: 9e9 })).toString('base64url')}.${sig}`;
    assert.equal((await get(a.conversationId, forged)).status, 403, 'forged');
    const expired = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), exp: 1 })).toString('base64url')}.${sig}`;
    assert.equal((await get(a.conversationId, expired)).status, 403, 'expired');
    assert.equal((await get(a.conversationId, '')).status, 403, 'none');
    const stranger = await token(running.baseUrl);
    await running.app.db.run('DELETE FROM dl_conversations WHERE id = ?', [stranger.conversationId]);
    assert.equal((await get(stranger.conversationId, stranger.token)).status, 404);
  });

  it('refuses oversized activities with 413 and floods with 429, and posts as the token’s user only', async () => {
    const a = await token(running.baseUrl);
    const auth = { authorization: `Bearer ${a.token}` };
    await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, auth);
    const post = (activity: unknown) => postJson(`${running.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, activity, auth);
    assert.equal((await post({ type: 'message', text: 'x'.repeat(300 * 1024) })).status, 413);
    assert.equal((await post('{"type":')).status, 400);
    assert.equal((await post({ type: 'invoke' })).status, 400);
    const ok = await post({ type: 'message', text: 'Kita', from: { id: 'someone-else' } });
    assert.equal(ok.status, 200);
    const stored = await running.app.db.get<{ json: string }>('SELECT json FROM dl_activities WHERE id = ?', [ok.body.id]);
    assert.equal((JSON.parse(stored!.json) as Activity).from.id, a.userId);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post({ type: 'typing' })).status);
    assert.ok(statuses.includes(429), statuses.join());
  });

  it('refuses a WebSocket without a valid token', async () => {
    const a = await token(running.baseUrl);
    const ws = new WebSocket(`${running.baseUrl.replace('http', 'ws')}/v3/directline/conversations/${a.conversationId}/stream?t=nope`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    assert.equal(status, 403);
  });
});

describe('local Direct Line across a restart', () => {
  it('keeps conversations, activities and tokens when the server restarts', async () => {
    const first = await startTestApp();
    const a = await token(first.baseUrl);
    const auth = { authorization: `Bearer ${a.token}` };
    await postJson(`${first.baseUrl}/v3/directline/conversations`, {}, auth);
    await postJson(`${first.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, { type: 'message', text: 'Kita Döbeln' }, auth);
    const withOffers = (activities: Activity[]) => activities.some((x) => x.from.id === 'bildungslotse' && (x.attachments?.length ?? 0) > 0);
    const history = async (baseUrl: string) => {
      const res = await fetch(`${baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, { headers: auth });
      return ((await res.json()) as { activities: Activity[] }).activities;
    };
    await waitFor(async () => withOffers(await history(first.baseUrl)), { what: 'the bot’s offers in the conversation before the restart', intervalMs: 20 });
    await first.app.stop();
    const second = await startTestApp(first.config);
    try {
      const res = await fetch(`${second.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, { headers: auth });
      assert.equal(res.status, 200, 'the old token is still valid');
      const body = (await res.json()) as { activities: Activity[] };
      assert.ok(body.activities.some((x) => x.text === 'Kita Döbeln'), 'the newcomer’s message');
      assert.ok(withOffers(body.activities), 'the bot’s offers');
    } finally {
      await second.app.stop();
    }
  });
});

describe('local Direct Line under load', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.app.stop();
  });

  it('holds 1,000 open sockets and still answers', async function () {
    this.timeout(60_000);
    const sockets: WebSocket[] = [];
    try {
      for (let batch = 0; batch < 10; batch++) {
        const opened = await Promise.all(
          Array.from({ length: 100 }, async () => {
            const t = await token(running.baseUrl);
            const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${t.token}` });
            const ws = new WebSocket(started.body.streamUrl as string);
            await new Promise<void>((resolve, reject) => {
              ws.once('open', () => resolve());
              ws.once('error', reject);
            });
            return ws;
          }),
        );
        sockets.push(...opened);
      }
      assert.equal(sockets.filter((s) => s.readyState === WebSocket.OPEN).length, 1000);
      const health = await fetch(`${running.baseUrl}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      for (const s of sockets) s.terminate();
    }
  });
});

describe('Azure Direct Line mode', () => {
  it('trades the secret for a token on the server and never shows the secret to the page', async () => {
    let seenAuth = '';
    const azure = http.createServer((req, res) => {
      seenAuth = String(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationId: 'azure-conv', token: 'azure-token', expires_in: 1800 }));
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
    const base = testConfig();
    const port = (azure.address() as AddressInfo).port;
    const running = await startTestApp({ ...base, directLine: { ...base.directLine, azureSecret: 'the-secret', azureDomain: `http://127.0.0.1:${port}` } });
    try {
      const res = await postJson(`${running.baseUrl}/api/directline/token`, {});
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { token: 'azure-token', conversationId: 'azure-conv', expires_in: 1800 });
      assert.equal(seenAuth, 'Bearer the-secret');
      const page = await (await fetch(`${running.baseUrl}/`)).text();
      assert.doesNotMatch(page, /the-secret/);
      assert.match(page, /"azure":true/);
    } finally {
      await running.app.stop();
      azure.close();
    }
  });
});
