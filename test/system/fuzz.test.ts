import assert from 'node:assert/strict';
import net from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';

/** Every route a client can reach, with a placeholder for ids. */
const ROUTES: [string, string][] = [
  ['POST', '/api/ask'],
  ['POST', '/api/messages'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/handoffs'],
  ['GET', '/api/handoffs/{id}'],
  ['POST', '/api/handoffs/{id}/accept'],
  ['POST', '/api/handoffs/{id}/messages'],
  ['POST', '/api/handoffs/{id}/close'],
  ['POST', '/api/handoffs/{id}/erase'],
  ['GET', '/api/handoffs/phrases'],
  ['GET', '/api/catalogue/offers'],
  ['GET', '/api/catalogue/offers/{id}'],
  ['PUT', '/api/catalogue/offers/{id}'],
  ['POST', '/api/catalogue/offers'],
  ['DELETE', '/api/catalogue/answers/{id}'],
  ['POST', '/api/catalogue/import'],
  ['GET', '/api/catalogue/export'],
  ['POST', '/api/catalogue/unanswered/assign'],
  ['GET', '/api/reports/demand'],
  ['GET', '/api/provider/offers'],
  ['PUT', '/api/provider/offers/{id}'],
  ['POST', '/api/catalogue/proposals/{id}/reject'],
  ['GET', '/offers'],
  ['GET', '/offers/{id}'],
  ['GET', '/providers'],
  ['GET', '/embed/offers'],
  ['GET', '/api/public/offers'],
  ['GET', '/privacy'],
  ['GET', '/'],
  ['POST', '/v3/directline/tokens/generate'],
  ['POST', '/v3/directline/conversations'],
  ['GET', '/v3/directline/conversations/{id}/activities'],
  ['POST', '/v3/directline/conversations/{id}/activities'],
  ['POST', '/api/directline/token'],
];

const nasty = fc.constantFrom(
  '\u202e\u202d', '\u200b\u200d\ufeff', '\ud800', '\udfff', '\u0000', '%00', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --",
  '{{constructor.constructor("x")()}}', '__proto__', 'constructor', '٠١٢', '۱۲۳', 'ß', '𝕏😀', '\r\n\r\n', '%E0%A4%A', '=cmd|', 'NaN', '-1', '1e309',
);
const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 40 }), nasty, fc.string({ minLength: 2000, maxLength: 5000 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(text, nasty), tie('value'), { maxKeys: 4 })),
})).value;
const deep = fc.integer({ min: 50, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
const body = fc.oneof(
  json.map((v) => JSON.stringify(v) ?? 'null'),
  json.map((v) => (JSON.stringify(v) ?? 'null').slice(0, -1)),
  deep,
  fc.record({ type: fc.oneof(fc.constantFrom('message', 'event', 'conversationUpdate', 'invoke', 'typing', 'endOfConversation', 'installationUpdate'), text), text, value: json, name: text, channelId: fc.oneof(fc.constantFrom('webchat', 'sms', 'telegram', 'msteams'), text), from: fc.record({ id: text }), conversation: fc.record({ id: text }), serviceUrl: fc.constant('http://127.0.0.1:9/') }).map((v) => JSON.stringify(v)),
  fc.record({ text, lang: fc.oneof(text, fc.constantFrom('de', 'uk', 'ar')), town: fc.oneof(text, fc.constantFrom('doebeln')) }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const segment = fc.oneof(fc.constantFrom('o-001', 'p-lra', '00000000-0000-4000-8000-000000000000', '1', 'a-ik-cost'), text.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, '')).slice(0, 200)));
const queryString = fc.dictionary(fc.constantFrom('lang', 'q', 'town', 'category', 'status', 'format', 'kind', 'page', 'radius', 'limit', 'offset', 'dryRun', 'watermark', 'from', 'to', 'flag'), text, { maxKeys: 4 }).map((q) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) p.set(k, v.replace(/[\ud800-\udfff]/g, ''));
  return p.toString();
});

describe('request fuzzing: 10,000 generated requests across every route', function () {
  this.timeout(240_000);
  let running: RunningApp;
  const tokens: string[] = [];

  before(async () => {
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    await running.app.users.add({ username: 'berater', password: PASSWORD, role: 'advisor' });
    for (const u of ['koord', 'berater']) tokens.push((await postJson(`${running.baseUrl}/api/auth/login`, { username: u, password: PASSWORD })).body.token);
  });
  after(async () => running?.app.stop());

  it('never answers 5xx, never crashes, and still answers afterwards', async () => {
    const requests = fc.sample(
      fc.record({
        route: fc.constantFrom(...ROUTES),
        id: segment,
        query: queryString,
        body,
        type: fc.constantFrom('application/json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', ''),
        auth: fc.oneof(fc.constant(''), fc.constantFrom(...tokens).map((t) => `Bearer ${t}`), text.map((t) => `Bearer ${t.replace(/[^\x21-\x7e]/g, '')}`)),
      }),
      { numRuns: 10_000, seed: 20261127 },
    );
    const failures: string[] = [];
    let resets = 0;
    let done = 0;
    const worker = async () => {
      while (done < requests.length) {
        const r = requests[done++]!;
        const [method, template] = r.route;
        const url = `${running.baseUrl}${template.replace('{id}', r.id || 'x')}${r.query ? `?${r.query}` : ''}`;
        const headers: Record<string, string> = {};
        if (r.type) headers['content-type'] = r.type;
        if (r.auth) headers.authorization = r.auth;
        const send = async () => {
          const res = await fetch(url, { method, headers, body: method === 'GET' || method === 'DELETE' ? undefined : r.body, signal: AbortSignal.timeout(15_000) });
          await res.arrayBuffer();
          return res.status;
        };
        try {
          let status: number;
          try {
            status = await send();
          } catch (err) {
            // A kept-alive socket the server had just closed: the same request once more, on a new one.
            if (!/ECONNRESET|other side closed/.test(String((err as Error).cause))) throw err;
            resets++;
            status = await send();
          }
          if (status >= 500) failures.push(`${status} ${method} ${url.slice(0, 150)} ${r.body.slice(0, 100)}`);
        } catch (err) {
          // Only the client may refuse to send (an invalid header); a reset or timeout is a server failure.
          if (!/Invalid|ByteString|header/i.test(String((err as Error).cause ?? err))) failures.push(`${(err as Error).message} ${String((err as Error).cause)} ${method} ${url.slice(0, 150)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
    assert.ok(resets <= 10, `${resets} connections reset`);
    const health = await fetch(`${running.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    const ask = await postJson(`${running.baseUrl}/api/ask`, { text: 'Integrationskurs in Döbeln' });
    assert.equal(ask.status, 200);
    assert.ok(ask.body.offers.length > 0, 'the catalogue survived (SQL-looking input changed nothing)');
  });
});

/** One raw HTTP/1.1 exchange: headers a fetch client would refuse to send, answered or not. */
function rawRequest(port: number, head: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(15_000, () => socket.destroy());
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('connect', () => {
      socket.write(head);
      socket.end(body);
    });
  });
}

const encodedBody = fc.record({
  json: fc.oneof(
    fc.constant('{"text":"Deutschkurs Döbeln"}'),
    fc.integer({ min: 1, max: 200_000 }).map((n) => `{"type":"event","value":${'['.repeat(n)}${']'.repeat(n)}}`),
    fc.integer({ min: 1, max: 5000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    fc.string({ maxLength: 300 }),
  ),
  encoding: fc.constantFrom('', 'identity', 'gzip', 'x-gzip', 'deflate', 'br', 'zstd', 'gzip, gzip', 'compress', 'GZIP', 'bogus', 'identity, gzip'),
  packed: fc.constantFrom('raw', 'gzip', 'deflate', 'garbage'),
  transfer: fc.constantFrom('none', 'chunked', 'chunked-broken', 'gzip, chunked', 'bogus', 'both'),
  bigHeader: fc.constantFrom(0, 0, 0, 8 * 1024, 20 * 1024, 100 * 1024),
  manyHeaders: fc.constantFrom(0, 0, 150, 3000),
});

describe('request fuzzing: encodings, framing, nesting and header sizes on every route', function () {
  this.timeout(240_000);
  let running: RunningApp;

  before(async () => {
    running = await startTestApp();
  });
  after(async () => running?.app.stop());

  it('answers 1,500 raw requests without a 5xx or a crash, and still answers afterwards', async () => {
    const port = Number(new URL(running.baseUrl).port);
    const cases = fc.sample(fc.record({ route: fc.constantFrom(...ROUTES), body: encodedBody }), { numRuns: 1500, seed: 20261206 });
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const { route, body: b } = cases[next++]!;
        const [method, template] = route;
        const path = template.replace('{id}', 'x');
        const plain = Buffer.from(b.json);
        const payload = b.packed === 'gzip' ? gzipSync(plain) : b.packed === 'deflate' ? deflateSync(plain) : b.packed === 'garbage' ? Buffer.from('\x1f\x8b\x08garbage') : plain;
        const lines = [`${method} ${path} HTTP/1.1`, 'Host: localhost', 'Content-Type: application/json', 'Connection: close'];
        if (b.encoding) lines.push(`Content-Encoding: ${b.encoding}`);
        if (b.bigHeader) lines.push(`X-Padding: ${'a'.repeat(b.bigHeader)}`);
        for (let i = 0; i < b.manyHeaders; i++) lines.push(`X-H${i}: ${i}`);
        let wire = payload;
        if (b.transfer === 'none') lines.push(`Content-Length: ${payload.length}`);
        else if (b.transfer === 'chunked' || b.transfer === 'gzip, chunked') {
          lines.push(`Transfer-Encoding: ${b.transfer}`);
          wire = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
        } else if (b.transfer === 'chunked-broken') {
          lines.push('Transfer-Encoding: chunked');
          wire = Buffer.concat([Buffer.from('zz\r\n'), payload]);
        } else if (b.transfer === 'both') {
          lines.push(`Content-Length: ${payload.length}`, 'Transfer-Encoding: chunked');
        } else {
          lines.push(`Transfer-Encoding: ${b.transfer}`, `Content-Length: ${payload.length}`);
        }
        const status = await rawRequest(port, `${lines.join('\r\n')}\r\n\r\n`, wire);
        const code = Number(/^HTTP\/1\.1 (\d{3})/.exec(status)?.[1] ?? 0);
        // No answer at all is allowed only where Node itself drops a malformed request.
        if (code >= 500) failures.push(`${status} ${method} ${path} ${b.encoding}/${b.packed}/${b.transfer}/${b.bigHeader}/${b.manyHeaders} ${b.json.slice(0, 40)}`);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
    assert.equal((await fetch(`${running.baseUrl}/healthz`)).status, 200);
    const ask = await postJson(`${running.baseUrl}/api/ask`, { text: 'Integrationskurs in Döbeln' });
    assert.equal(ask.status, 200);
  });
});
