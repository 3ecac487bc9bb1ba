import assert from 'node:assert/strict';
import { postJson, startTestApp, testConfig, type RunningApp } from '../helpers/testApp';
import { createLogger } from '../../src/logging/logger';
import { createApp } from '../../src/app';
import { Writable } from 'node:stream';

describe('operations: metrics, security headers, secrets in logs', function () {
  this.timeout(30_000);
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => running?.app.stop());

  it('serves Prometheus metrics on loopback: turns, latency, search, queue', async () => {
    await postJson(`${running.baseUrl}/api/ask`, { text: 'Integrationskurs in Döbeln' });
    const res = await fetch(`${running.baseUrl}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    for (const name of ['bildungslotse_search_seconds_count', 'bildungslotse_bot_turn_seconds_bucket', 'bildungslotse_handoffs_waiting 0', 'bildungslotse_offers 137', 'bildungslotse_process_resident_memory_bytes']) {
      assert.ok(text.includes(name), name);
    }
    assert.match(text, /bildungslotse_search_seconds_count [1-9]/);
    const proxied = await fetch(`${running.baseUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 403, 'not through the public proxy');
  });

  it('sends CSP, nosniff, frame-ancestors and a referrer policy on every page', async () => {
    for (const page of ['/', '/?lang=ar', '/offers', '/offers/o-001', '/providers', '/privacy', '/advisor', '/admin']) {
      const res = await fetch(running.baseUrl + page);
      assert.equal(res.status, 200, page);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src/, `${page}: CSP`);
      assert.match(csp, /frame-ancestors 'none'/, `${page}: not frameable`);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, `${page}: no inline scripts`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${page}: nosniff`);
      if (page !== '/' && page !== '/?lang=ar') assert.ok(res.headers.get('referrer-policy'), `${page}: referrer policy`);
    }
  });

  it('never writes secrets, passwords, tokens or message text into the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = { ...testConfig(), bot: { appType: 'MultiTenant' as const, appId: 'app-id-123', appPassword: 'SUPER-SECRET-PASSWORD', appTenantId: '' }, metricsToken: 'METRICS-SECRET' };
    const logger = createLogger('debug', sink);
    const app = await createApp(config, logger, { rateLimit: { rate: 1000, burst: 1000 } });
    const port = await app.start();
    try {
      await app.users.add({ username: 'anna', password: 'ANNAS-LONG-PASSWORD', role: 'advisor' });
      const login = await postJson(`http://127.0.0.1:${port}/api/auth/login`, { username: 'anna', password: 'ANNAS-LONG-PASSWORD' });
      await postJson(`http://127.0.0.1:${port}/api/auth/login`, { username: 'anna', password: 'WRONG-PASSWORD-GUESS' });
      await postJson(`http://127.0.0.1:${port}/api/ask`, { text: 'Meine Telefonnummer ist 0176 99999999' });
      await fetch(`http://127.0.0.1:${port}/api/handoffs`, { headers: { authorization: `Bearer ${login.body.token}` } });
      await postJson(`http://127.0.0.1:${port}/api/messages`, { type: 'message', text: 'x' }, { authorization: 'Bearer FORGED-TOKEN-VALUE' });
    } finally {
      await app.stop();
    }
    const log = lines.join('');
    assert.ok(log.length > 0);
    for (const secret of ['SUPER-SECRET-PASSWORD', 'METRICS-SECRET', 'ANNAS-LONG-PASSWORD', 'WRONG-PASSWORD-GUESS', '0176 99999999', 'FORGED-TOKEN-VALUE']) {
      assert.ok(!log.includes(secret), `${secret} leaked into the log`);
    }
  });
});
