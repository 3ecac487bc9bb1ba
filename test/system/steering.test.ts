import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { launchChromium } from '../helpers/chromium';
import { enforceRetention } from '../../src/privacy/retention';
import { ConnectorStub, userMessage } from '../helpers/connectorStub';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';

describe('data for steering and privacy', function () {
  this.timeout(60_000);
  let running: RunningApp;
  let stub: ConnectorStub;
  let coordinator: string;

  const say = async (conversation: string, text: string, extra: Partial<Activity> = {}) => {
    const before = stub.received.length;
    const res = await postJson(
      `${running.baseUrl}/api/messages`,
      userMessage(stub.serviceUrl, text, { channelId: 'telegram', conversation: { id: conversation } as Activity['conversation'], from: { id: `user-${conversation}`, name: '' }, ...extra }),
    );
    assert.ok(res.status < 300);
    return stub.received.slice(before).filter((a) => a.type === 'message');
  };
  const report = async (query = '') => {
    const res = await fetch(`${running.baseUrl}/api/reports/demand${query}`, { headers: { authorization: `Bearer ${coordinator}` } });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  before(async () => {
    stub = new ConnectorStub();
    await stub.start();
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    coordinator = (await postJson(`${running.baseUrl}/api/auth/login`, { username: 'koord', password: PASSWORD })).body.token;
    // A scripted month: six German and three Ukrainian integration-course questions about Döbeln,
    // five childcare questions about Mittweida, two questions nobody can answer.
    for (let i = 0; i < 6; i++) await say(`de-${i}`, 'Integrationskurs in Döbeln');
    for (let i = 0; i < 3; i++) await say(`uk-${i}`, 'Інтеграційний курс у Дебельні');
    for (let i = 0; i < 5; i++) await say(`kita-${i}`, 'Kita in Mittweida');
    await say('odd-1', 'Wie ist das Wetter?');
    await say('odd-2', 'Wie ist das Wetter?');
  });
  after(async () => {
    await running?.app.stop();
    await stub.stop();
  });

  it('counts exactly what was asked, and suppresses cells under five', async () => {
    const res = await report();
    assert.equal(res.status, 200);
    const r = JSON.parse(res.text);
    const month = new Date().toISOString().slice(0, 7);
    const cell = (category: string, town: string, lang: string) => r.demand.find((d: any) => d.month === month && d.category === category && d.town === town && d.lang === lang);
    assert.equal(cell('integration-course', 'doebeln', 'de').count, 6);
    assert.equal(cell('integration-course', 'doebeln', 'uk').count, null, 'three events: suppressed');
    assert.equal(cell('childcare', 'mittweida', 'de').count, 5);
    assert.equal(r.byCategory.find((c: any) => c.category === 'integration-course').count, 9);
    assert.equal(r.totals.questions, 16);
    assert.equal(r.totals.unanswered, 2);
    assert.equal(r.totals.byLanguage.de, 13);
    assert.equal(r.totals.byLanguage.uk, null);
    assert.equal(r.k, 5);
    const gap = r.supplyGap.find((g: any) => g.town === 'doebeln' && g.category === 'integration-course');
    assert.equal(gap.demand, 9);
    assert.ok(gap.offersNearby > 0);
    assert.equal(gap.gap, Math.round((9 / (gap.offersNearby + 1)) * 10) / 10);

    const csv = await report('?format=csv');
    assert.match(csv.type, /text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], 'monat;thema;ort;sprache;anzahl');
    assert.ok(lines.includes(`${month};integration-course;doebeln;uk;<5`), 'a cell of 3 is suppressed in CSV');
    assert.ok(lines.includes(`${month};integration-course;doebeln;de;6`));
  });

  it('keeps no user, conversation or message text in the event table', async () => {
    const rows = await running.app.db.all<Record<string, unknown>>('SELECT * FROM demand_events');
    assert.equal(rows.length, 16);
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['categories', 'feedback', 'handoff', 'hour', 'id', 'intent', 'lang', 'month', 'results', 'town_id']);
    const dump = JSON.stringify(rows);
    for (const forbidden of ['user-', 'de-0', 'kita-', 'Integrationskurs in', 'Wetter', 'telegram']) assert.ok(!dump.includes(forbidden), forbidden);
    assert.ok(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(String(r.hour))), 'the hour, not the second');
    const unanswered = await running.app.db.all<{ text: string }>('SELECT text FROM unanswered_questions');
    assert.deepEqual(unanswered.map((u) => u.text), ['Wie ist das Wetter?', 'Wie ist das Wetter?'], 'only the zero-result questions keep their (scrubbed) text');
  });

  it('renders the HTML report with charts in Chromium, and npm run report writes the same file', async function () {
    const html = await report('?format=html');
    assert.match(html.text, /Nachfragebericht/);
    assert.match(html.text, /k-Anonymität/);
    assert.doesNotMatch(html.text, /<script/i);
    const file = path.join(path.dirname(running.config.databasePath), 'report.html');
    const { spawnSync } = await import('node:child_process');
    const out = spawnSync(process.execPath, ['--no-deprecation', '--require', 'tsx/cjs', 'scripts/report.ts', '--out', file], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_PATH: running.config.databasePath, DATABASE_URL: running.config.databaseUrl ?? '' },
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    assert.match(fs.readFileSync(file, 'utf8'), /Versorgungslücken/);
    const browser = await launchChromium(this);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto('file://' + file);
      const bars = await page.locator('svg rect.bar').count();
      assert.ok(bars >= 3, `${bars} bars`);
      assert.ok((await page.locator('svg').first().boundingBox())!.width > 200, 'the chart has a size');
      assert.ok(await page.getByText('Döbeln').first().isVisible());
      fs.mkdirSync(path.resolve(__dirname, '..', 'artifacts'), { recursive: true });
      await page.pdf({ path: path.resolve(__dirname, '..', 'artifacts', 'report.pdf') });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('deletes everything about one newcomer on request, in their language, and nothing about anyone else', async () => {
    // Two newcomers with state and a callback request each.
    for (const who of ['anna', 'boris']) {
      await say(who, 'Kita in Mittweida');
      await say(who, 'Ich möchte mit einem Menschen sprechen');
    }
    const rowsFor = async (who: string) => ({
      state: (await running.app.db.all('SELECT key FROM bot_state WHERE key LIKE ?', [`%/${who === 'anna' ? '' : ''}%${who}%`])).length,
      handoffs: (await running.app.db.all('SELECT id FROM handoffs WHERE user_key = ?', [`telegram:user-${who}`])).length,
    });
    await running.app.db.run(
      `INSERT INTO handoffs (id, status, conversation_key, user_key, channel, reference, language, created_at, contact_kind, contact) VALUES (?, 'callback', ?, ?, 'bot-service', '{}', 'uk', ?, 'phone', '+4917612345678')`,
      ['00000000-0000-4000-8000-00000000000a', 'telegram:anna', 'telegram:user-anna', Date.now()],
    );
    assert.ok((await rowsFor('anna')).state > 0);
    const confirm = await say('anna', 'Видалити мої дані');
    assert.match(confirm[0]!.text ?? '', /Видалити|видалити/);
    const yes = confirm[0]!.suggestedActions!.actions[0]!;
    const done = await say('anna', yes.title!);
    const text = done.map((a) => a.text).join('\n');
    assert.equal(done[0]!.locale, 'uk');
    assert.match(text, /1/, text);
    assert.deepEqual(await rowsFor('anna'), { state: 0, handoffs: 0 });
    const boris = await rowsFor('boris');
    assert.ok(boris.state > 0, 'the other newcomer keeps their state');
    assert.equal(boris.handoffs, 0, 'boris asked for a person but has not consented yet, so no handoff exists');
    assert.equal((await running.app.db.all('SELECT 1 FROM bot_state WHERE key LIKE ?', ['telegram/%anna%'])).length, 0, 'not even an empty state row is written back');
  });

  it('enforces retention: what is old goes, nothing else', async () => {
    const db = running.app.db;
    const now = Date.now();
    const day = 86_400_000;
    await db.run(`INSERT INTO bot_state (key, value, etag, updated_at) VALUES ('old/state', '{}', '1', ?), ('new/state', '{}', '1', ?)`, [now - 40 * day, now - day]);
    await db.run(
      `INSERT INTO handoffs (id, status, conversation_key, user_key, channel, reference, language, created_at, closed_at) VALUES
       ('10000000-0000-4000-8000-000000000001', 'closed', 'x:1', 'x:u1', 'local', '{}', 'de', ?, ?),
       ('10000000-0000-4000-8000-000000000002', 'closed', 'x:2', 'x:u2', 'local', '{}', 'de', ?, ?)`,
      [now - 200 * day, now - 100 * day, now - 20 * day, now - 10 * day],
    );
    await db.run(
      `INSERT INTO handoffs (id, status, conversation_key, user_key, channel, reference, language, created_at, contact_kind, contact) VALUES
       ('10000000-0000-4000-8000-000000000003', 'callback', 'x:3', 'x:u3', 'local', '{}', 'de', ?, 'email', 'alt@example.de'),
       ('10000000-0000-4000-8000-000000000004', 'callback', 'x:4', 'x:u4', 'local', '{}', 'de', ?, 'email', 'neu@example.de')`,
      [now - 20 * day, now - day],
    );
    await db.run(`INSERT INTO unanswered_questions (text, lang, hour, created_at) VALUES ('alt', 'de', 'h', ?), ('neu', 'de', 'h', ?)`, [now - 100 * day, now - day]);
    const removed = await enforceRetention(db, running.config.retention, now);
    assert.equal(removed.botState >= 1, true);
    assert.equal(removed.handoffs, 1);
    assert.equal(removed.callbackContacts, 1);
    assert.equal(removed.unanswered, 1);
    assert.ok(await db.get(`SELECT 1 FROM bot_state WHERE key = 'new/state'`));
    assert.equal(await db.get(`SELECT 1 FROM bot_state WHERE key = 'old/state'`), undefined);
    assert.ok(await db.get(`SELECT 1 FROM handoffs WHERE id = '10000000-0000-4000-8000-000000000002'`));
    assert.equal((await db.get<{ contact: string | null }>(`SELECT contact FROM handoffs WHERE id = '10000000-0000-4000-8000-000000000003'`))!.contact, null);
    assert.equal((await db.get<{ contact: string | null }>(`SELECT contact FROM handoffs WHERE id = '10000000-0000-4000-8000-000000000004'`))!.contact, 'neu@example.de');
    assert.deepEqual((await db.all<{ text: string }>(`SELECT text FROM unanswered_questions WHERE text IN ('alt', 'neu')`)).map((r) => r.text), ['neu']);
  });

  it('publishes a privacy page in six languages, right to left in Arabic and Farsi, linked from the chat', async () => {
    for (const lang of ['de', 'en', 'uk', 'ru', 'ar', 'fa']) {
      const res = await fetch(`${running.baseUrl}/privacy?lang=${lang}`);
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.match(html, new RegExp(`<html lang="${lang}" dir="${lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr'}"`));
      assert.ok(html.includes(String(running.config.retention.directLineDays)), `${lang}: names the retention period`);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    }
    const chat = await (await fetch(`${running.baseUrl}/?lang=fa`)).text();
    assert.match(chat, /href="\/privacy\?lang=fa"/);
    assert.match(chat, /id="bl-delete"/);
    const reports = await fetch(`${running.baseUrl}/api/reports/demand`);
    assert.equal(reports.status, 401);
  });
});
