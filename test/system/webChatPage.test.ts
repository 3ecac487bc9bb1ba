import assert from 'node:assert/strict';
import { escapeHtml } from '../../src/text/html';
import { startTestApp, type RunningApp } from '../helpers/testApp';

describe('the web chat page', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.app.stop();
  });

  it('is right to left in Farsi, with Farsi Web Chat strings, the picker and the notices', async () => {
    const res = await fetch(`${running.baseUrl}/?lang=fa`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /charset=utf-8/);
    const html = await res.text();
    assert.match(html, /<html lang="fa" dir="rtl">/);
    for (const name of ['Deutsch', 'English', 'Українська', 'Русский', 'العربية', 'فارسی']) assert.ok(html.includes(`>${name}</a>`), name);
    assert.match(html, /"ACTIVITY_STATUS_TIMESTAMP_JUST_NOW":"همین حالا"/);
    assert.match(html, /حفظ حریم خصوصی/);
    assert.match(html, /داده‌های نمونه/, 'the sample-data banner while sample offers exist');
  });

  it('sends a nonce Content-Security-Policy that every script on the page carries', async () => {
    const res = await fetch(`${running.baseUrl}/?lang=de`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await res.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 2);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  });

  it('serves the Web Chat bundle precompressed and cacheable', async () => {
    const html = await (await fetch(`${running.baseUrl}/`)).text();
    const src = /src="(\/webchat\/webchat-[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(src, 'the page loads the local bundle, no CDN');
    const res = await fetch(`${running.baseUrl}${src}`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'br');
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
  });

  it('escapes everything it writes into HTML', () => {
    assert.equal(escapeHtml(`<script>alert("x")</script>&'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });
});
