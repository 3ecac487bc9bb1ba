import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createGzip, gzipSync } from 'node:zlib';
import { postJson, startTestApp, testConfig, type RunningApp } from '../helpers/testApp';
import { parseRateLimit, RATE_BUCKETS, type RateLimits } from '../../src/guard/rateLimits';
import { TrustedProxies } from '../../src/guard/clientAddress';
import { loadConfig } from '../../src/config/config';
import { enforceRetention } from '../../src/privacy/retention';

const PASSWORD = 'correct horse battery staple';

const limits = (overrides: Partial<RateLimits> = {}): RateLimits =>
  ({ ...Object.fromEntries(RATE_BUCKETS.map((b) => [b, { rate: 10_000, burst: 10_000 }])), ...overrides }) as RateLimits;

/** Starts the app with the configured limits (startTestApp otherwise lifts them all). */
const startWith = (config: Parameters<typeof testConfig>[0]) => startTestApp(testConfig({ rateLimits: limits(), ...config }), { rateLimit: undefined });

/** 240 MB of zeros, gzipped to about 230 KB: the decompression bomb. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (c: Buffer) => parts.push(c));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 240; i++) if (!gzip.write(zeros)) await once(gzip, 'drain');
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(parts);
}

describe('hardening: hostile requests', function () {
  this.timeout(60_000);

  describe('compressed bodies', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp();
    });
    after(async () => running?.app.stop());

    it('refuses a broken gzip body with 415 on every body route, and the service keeps answering', async () => {
      for (const path of ['/api/ask', '/api/auth/login', '/v3/directline/tokens/generate', '/api/messages', '/api/catalogue/import']) {
        const res = await fetch(running.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'x' });
        assert.equal(res.status, 415, path);
        assert.equal(((await res.json()) as any).error.code, 'unsupportedMediaType');
      }
      const health = await fetch(`${running.baseUrl}/healthz`);
      assert.equal(health.status, 200);
    });

    it('refuses a gzip bomb before unpacking it, and memory stays put', async () => {
      const bomb = await gzipBomb();
      assert.ok(bomb.length < 400_000, `bomb is ${bomb.length} bytes`);
      const before = process.memoryUsage().rss;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => fetch(`${running.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb })),
      );
      assert.deepEqual(answers.map((r) => r.status), [415, 415, 415, 415, 415, 415]);
      // Six unpacked bombs would add 1.4 GB; the service and this test share one process.
      assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'the bodies were not unpacked');
      const ask = await postJson(`${running.baseUrl}/api/ask`, { text: 'Deutschkurs Döbeln' });
      assert.equal(ask.status, 200);
      // Plain gzip of a valid question is refused too: no client of ours compresses.
      const packed = await fetch(`${running.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ text: 'Kita' })) });
      assert.equal(packed.status, 415);
    });

    it('refuses JSON nested deeper than any message of ours with 400', async () => {
      const deep = `{"type":"event","name":"x","value":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      for (const path of ['/api/ask', '/api/messages', '/v3/directline/tokens/generate']) {
        const res = await fetch(running.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
        assert.equal(res.status, 400, path);
      }
      assert.equal((await fetch(`${running.baseUrl}/healthz`)).status, 200);
    });
  });

  describe('sign-in', () => {
    it('checks at most five of forty parallel wrong passwords for one account', async () => {
      const running = await startTestApp();
      try {
        await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => postJson(`${running.baseUrl}/api/auth/login`, { username: 'koord', password: `wrong guess ${i}` })),
        );
        const checked = answers.filter((a) => a.status === 401).length;
        const refused = answers.filter((a) => a.status === 429).length;
        assert.ok(checked <= 5, `${checked} wrong passwords were checked`);
        assert.equal(checked + refused, 40);
      } finally {
        await running.app.stop();
      }
    });

    it('keeps a chat read quick while a hundred sign-ins for unknown names arrive at once', async () => {
      const running = await startWith({ trustProxy: ['127.0.0.1', '::1'] });
      try {
        const token = (await postJson(`${running.baseUrl}/v3/directline/tokens/generate`, {})).body.token as string;
        const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${token}` });
        let checkedBeforeRead = -1;
        let checked = 0;
        const logins = Array.from({ length: 100 }, (_, i) =>
          postJson(`${running.baseUrl}/api/auth/login`, { username: `nobody${i}`, password: 'some password' }, { 'x-forwarded-for': `198.51.100.${i + 1}` }).then((r) => {
            if (r.status === 401) checked++;
            return r.status;
          }),
        );
        const read = await fetch(`${running.baseUrl}/v3/directline/conversations/${started.body.conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
        checkedBeforeRead = checked;
        assert.equal(read.status, 200);
        const statuses = await Promise.all(logins);
        // Before, all hundred scrypt checks filled the thread pool ahead of the read.
        assert.ok(checkedBeforeRead <= 20, `${checkedBeforeRead} password checks finished before the chat could be read`);
        assert.ok(statuses.filter((s) => s === 429).length >= 50, 'a full check queue refuses at once instead of queueing without end');
      } finally {
        await running.app.stop();
      }
    });

    it('locks an account only for the address that guessed: the owner elsewhere still signs in', async () => {
      const running = await startWith({ trustProxy: ['127.0.0.1', '::1'] });
      try {
        await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
        const from = (address: string) => ({ 'x-forwarded-for': address });
        for (let i = 0; i < 5; i++) assert.equal((await postJson(`${running.baseUrl}/api/auth/login`, { username: 'KOORD', password: `guess ${i}` }, from('203.0.113.66'))).status, 401);
        const attacker = await postJson(`${running.baseUrl}/api/auth/login`, { username: 'koord', password: PASSWORD }, from('203.0.113.66'));
        assert.equal(attacker.status, 429, 'the guessing address is locked out, even with the right password');
        const owner = await postJson(`${running.baseUrl}/api/auth/login`, { username: 'koord', password: PASSWORD }, from('192.0.2.10'));
        assert.equal(owner.status, 200, 'the owner at another address signs in');
      } finally {
        await running.app.stop();
      }
    });
  });

  describe('clients behind the reverse proxy', () => {
    it('limits two forwarded clients apart, and each route group on its own budget', async () => {
      const running = await startWith({ trustProxy: ['127.0.0.0/8', '::1'], rateLimits: limits({ ask: { rate: 0.01, burst: 2 } }) });
      try {
        const ask = (address: string) => postJson(`${running.baseUrl}/api/ask`, { text: 'Kita' }, { 'x-forwarded-for': address });
        assert.equal((await ask('203.0.113.1')).status, 200);
        assert.equal((await ask('203.0.113.1')).status, 200);
        const third = await ask('203.0.113.1');
        assert.equal(third.status, 429);
        assert.equal(third.body.error.code, 'tooManyRequests');
        assert.equal((await ask('203.0.113.2')).status, 200, 'another client behind the same proxy is not starved');
        // A client cannot name itself in front of the address our proxy appended.
        assert.equal((await ask('203.0.113.99, 203.0.113.1')).status, 429);
        const directory = await fetch(`${running.baseUrl}/offers`, { headers: { 'x-forwarded-for': '203.0.113.1' } });
        assert.equal(directory.status, 200, 'the directory has its own budget');
      } finally {
        await running.app.stop();
      }
    });

    it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
      const running = await startWith({ trustProxy: [], rateLimits: limits({ ask: { rate: 0.01, burst: 1 } }) });
      try {
        const ask = (address: string) => postJson(`${running.baseUrl}/api/ask`, { text: 'Kita' }, { 'x-forwarded-for': address });
        assert.equal((await ask('203.0.113.1')).status, 200);
        assert.equal((await ask('203.0.113.2')).status, 429, 'a made-up address does not buy a new budget');
      } finally {
        await running.app.stop();
      }
    });

    it('reads TRUST_PROXY and the limits from the environment, and names a bad entry', () => {
      const config = loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8 ::1', RATE_LIMIT_ASK: '2/5' });
      assert.deepEqual(config.trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
      assert.deepEqual(config.rateLimits.ask, { rate: 2, burst: 5 });
      assert.deepEqual(config.rateLimits.chat, parseRateLimit('10/30'));
      assert.throws(() => loadConfig({ TRUST_PROXY: 'proxy.local' }), /TRUST_PROXY/);
      assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }), /TRUST_PROXY/);
      assert.throws(() => loadConfig({ RATE_LIMIT_CHAT: 'fast' }), /RATE_LIMIT_CHAT/);
      const proxies = new TrustedProxies(['10.0.0.0/8']);
      assert.ok(proxies.has('::ffff:10.1.2.3'));
      assert.ok(!proxies.has('11.0.0.1'));
    });
  });

  describe('the advisor event stream', () => {
    it('ends at sign-out, telling the console why', async () => {
      const running = await startTestApp();
      try {
        await running.app.users.add({ username: 'anna', password: PASSWORD, role: 'advisor' });
        const token = (await postJson(`${running.baseUrl}/api/auth/login`, { username: 'anna', password: PASSWORD })).body.token as string;
        const res = await fetch(`${running.baseUrl}/api/handoffs/events`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200);
        const reader = res.body!.getReader();
        let text = '';
        const ended = (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return text;
            text += new TextDecoder().decode(value);
          }
        })();
        while (!text.includes('event: ready')) await new Promise((r) => setImmediate(r));
        assert.equal((await postJson(`${running.baseUrl}/api/auth/logout`, {}, { authorization: `Bearer ${token}` })).status, 204);
        const all = await Promise.race([ended, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('the stream is still open after logout')), 5000))]);
        assert.match(all, /event: signedOut/);
        const again = await fetch(`${running.baseUrl}/api/handoffs/events`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(again.status, 401);
      } finally {
        await running.app.stop();
      }
    });
  });

  describe('/api/messages without a Bot Framework app id', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp();
    });
    after(async () => running?.app.stop());

    // Replies go to a route that does not exist here: answered at once, unlike a closed port.
    const activity = (channelId: string) => ({ type: 'message', text: 'Hallo', channelId, serviceUrl: `${running.baseUrl}/nowhere/`, conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } });

    it('takes activities only from this machine, not through a proxy', async () => {
      const proxied = await postJson(`${running.baseUrl}/api/messages`, activity('emulator'), { 'x-forwarded-for': '203.0.113.5' });
      assert.equal(proxied.status, 403);
    });

    it('counts turns under a fixed set of metric labels, whatever channel ids are sent', async () => {
      // The bot's replies find no connector; the turns are counted all the same.
      await Promise.all(Array.from({ length: 5 }, (_, i) => postJson(`${running.baseUrl}/api/messages`, activity(`made-up-channel-${i}`))));
      const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
      assert.doesNotMatch(metrics, /made-up-channel/);
      assert.match(metrics, /bildungslotse_bot_turns_total\{channel="other",type="message"\} (\d+)/);
    });
  });

  describe('tokens asked for in a loop', () => {
    it('leave no conversation behind once they can no longer be used', async () => {
      const running = await startTestApp();
      try {
        const unused = (await postJson(`${running.baseUrl}/v3/directline/tokens/generate`, {})).body;
        const used = (await postJson(`${running.baseUrl}/v3/directline/tokens/generate`, {})).body;
        assert.equal((await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${used.token}` })).status, 201);
        const removed = await enforceRetention(running.app.db, running.config.retention, Date.now() + 2 * 86_400_000);
        assert.equal(removed.webChats, 1);
        const left = await running.app.db.all<{ id: string }>('SELECT id FROM dl_conversations');
        assert.deepEqual(left.map((r) => r.id), [used.conversationId], 'the started chat stays for its retention period');
        assert.ok(unused.conversationId);
      } finally {
        await running.app.stop();
      }
    });
  });

  describe('/metrics', () => {
    it('needs METRICS_TOKEN unless the service listens on loopback with no proxy', async () => {
      for (const config of [{ host: '0.0.0.0' }, { trustProxy: ['127.0.0.1'] }]) {
        const running = await startWith(config);
        try {
          const port = new URL(running.baseUrl).port;
          const res = await fetch(`http://127.0.0.1:${port}/metrics`);
          assert.equal(res.status, 403, JSON.stringify(config));
          assert.match(((await res.json()) as any).error.message, /METRICS_TOKEN/);
        } finally {
          await running.app.stop();
        }
      }
      const running = await startWith({ host: '0.0.0.0', metricsToken: 'scrape-me-please' });
      try {
        const port = new URL(running.baseUrl).port;
        assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 401);
        assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer scrape-me-please' } })).status, 200);
      } finally {
        await running.app.stop();
      }
    });
  });
});
