import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { Newcomer } from '../helpers/newcomer';
import { api, handoffConfig, login, newcomer, openEvents, PASSWORD, requestInUkrainian } from '../helpers/handoffClients';
import { postJson, startTestApp, tempDir, type RunningApp } from '../helpers/testApp';
import { holdsFor, waitFor } from '../helpers/waitFor';

describe('human handoff end to end (Direct Line newcomer, REST advisor)', function () {
  this.timeout(60_000);
  let running: RunningApp;
  let dir: string;

  before(async () => {
    dir = tempDir();
    running = await startTestApp(handoffConfig('always', dir));
    await running.app.users.add({ username: 'olena', password: PASSWORD, role: 'advisor', languages: ['de', 'uk'], displayName: 'Olena' });
    await running.app.users.add({ username: 'max', password: PASSWORD, role: 'advisor', languages: ['de'], displayName: 'Max' });
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
  });
  after(async () => {
    await running?.app.stop();
  });

  it('queues a Ukrainian request, relays both ways live, survives a restart, and asks for feedback in Ukrainian', async () => {
    const advisorToken = await login(running.baseUrl, 'olena');
    const stream = await openEvents(running.baseUrl, advisorToken);
    const { newcomer: n, token: dlToken } = await newcomer(running.baseUrl, 'u-uk');
    await n.ask('Шукаю інтеграційний курс у Фрайберзі');

    const queued = await requestInUkrainian(n);
    assert.equal(queued.locale, 'uk');
    assert.match(queued.text ?? '', /1/);
    assert.doesNotMatch(queued.text ?? '', /немає онлайн/, 'an advisor has the console open');

    const waiting = await api('GET', `${running.baseUrl}/api/handoffs?status=waiting`, advisorToken);
    assert.equal(waiting.status, 200);
    assert.equal(waiting.body.total, 1);
    const item = waiting.body.items[0];
    assert.equal(item.language, 'uk');
    assert.equal(item.topic, 'integration-course');
    assert.equal(item.town, 'freiberg');
    assert.equal(item.speaksLanguage, true);
    await stream.next((e) => e.event === 'handoff' && e.data.id === item.id && e.data.status === 'waiting');

    const detail = await api('GET', `${running.baseUrl}/api/handoffs/${item.id}`, advisorToken);
    assert.equal(detail.body.consent, true);
    assert.ok(
      detail.body.transcript.some((l: { from: string; text: string }) => l.from === 'user' && /інтеграційний курс/.test(l.text)),
      'the consented transcript holds what the newcomer asked before',
    );

    // While waiting, the newcomer's message is kept for the advisor, and the bot does not answer it.
    await n.ask('Я маю рівень A2', /Дякуємо|Дякую/);

    const accepted = n.next(/Olena/);
    const accept = await api('POST', `${running.baseUrl}/api/handoffs/${item.id}/accept`, advisorToken);
    assert.equal(accept.status, 200);
    assert.equal(accept.body.status, 'active');
    assert.equal((await accepted).locale, 'uk');

    const started = Date.now();
    const arrives = n.next(/Добрий день, пані/);
    const sent = await api('POST', `${running.baseUrl}/api/handoffs/${item.id}/messages`, advisorToken, { text: 'Добрий день, пані! Чим можу допомогти?' });
    assert.equal(sent.status, 201);
    await arrives;
    assert.ok(Date.now() - started < 1000, `advisor text reached the chat after ${Date.now() - started} ms`);

    const heard = stream.next((e) => e.event === 'message' && e.data.message.text === 'Мені потрібен курс увечері');
    const fromBot = () => n.received.filter((a) => a.from?.id === 'bildungslotse').length;
    const botBefore = fromBot();
    await n.say('Мені потрібен курс увечері');
    await heard;
    // Deliberately a window: nothing marks the moment after which the bot can no longer answer.
    await holdsFor(() => fromBot() === botBefore, { what: 'the bot stays silent while the advisor talks', forMs: 300 });

    // Restart in the middle of the chat: same database, new process state, new port.
    const resume = n.position;
    n.dl.end();
    stream.close();
    await running.app.stop();
    running = await startTestApp(running.config);
    const n2 = new Newcomer(running.baseUrl, dlToken, 'u-uk', resume);
    const stream2 = await openEvents(running.baseUrl, advisorToken);
    const phrase = n2.next(/Будь ласка, візьміть|документ/);
    const afterRestart = await api('POST', `${running.baseUrl}/api/handoffs/${item.id}/messages`, advisorToken, { phrase: 'bringDocuments' });
    assert.equal(afterRestart.status, 201, JSON.stringify(afterRestart.body));
    assert.match(afterRestart.body.original, /Dokumente/, 'the advisor sees the German meaning of the phrase');
    await phrase;
    const heard2 = stream2.next((e) => e.event === 'message' && e.data.message.text === 'Добре, дякую');
    await n2.say('Добре, дякую');
    await heard2;

    const messages = (await api('GET', `${running.baseUrl}/api/handoffs/${item.id}`, advisorToken)).body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`);
    assert.deepEqual(messages, [
      'user:Я маю рівень A2',
      'advisor:Добрий день, пані! Чим можу допомогти?',
      'user:Мені потрібен курс увечері',
      `advisor:${messages[3]!.slice('advisor:'.length)}`,
      'user:Добре, дякую',
    ]);

    const feedback = n2.next(/допомогла|допомогло|допомогли/);
    const closed = await api('POST', `${running.baseUrl}/api/handoffs/${item.id}/close`, advisorToken, { outcome: 'referred' });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.outcome, 'referred');
    const ask = await feedback;
    assert.equal(ask.locale, 'uk');
    assert.equal(ask.suggestedActions?.actions.length, 2);

    await n2.ask(ask.suggestedActions!.actions[0]!.title!, /Дякуємо|Дякую/, ask.suggestedActions!.actions[0]!.value);
    const final = await api('GET', `${running.baseUrl}/api/handoffs?status=closed`, advisorToken);
    assert.equal(final.body.items[0].feedback, 'helpful');

    // The bot answers again.
    await n2.ask('Інтеграційний курс у Фрайберзі', /Фрайберг|Freiberg/);

    const late = await api('POST', `${running.baseUrl}/api/handoffs/${item.id}/messages`, advisorToken, { text: 'noch da?' });
    assert.equal(late.status, 409, 'no messages to a closed handoff');
    n2.dl.end();
    stream2.close();
  });

  it('lets exactly one of two advisors accept, and keeps the other out of the chat', async () => {
    const [olena, max] = [await login(running.baseUrl, 'olena'), await login(running.baseUrl, 'max')];
    const { newcomer: n } = await newcomer(running.baseUrl, 'u-race');
    const queued = await requestInUkrainian(n);
    assert.match(queued.text ?? '', /немає онлайн/, 'with no console open the newcomer is told so, and about the callback');
    const id = (await api('GET', `${running.baseUrl}/api/handoffs?status=waiting`, max)).body.items[0].id;
    const results = await Promise.all([olena, max].map((t) => api('POST', `${running.baseUrl}/api/handoffs/${id}/accept`, t)));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const loser = results[0]!.status === 409 ? olena : max;
    const winner = loser === olena ? max : olena;
    assert.equal((await api('POST', `${running.baseUrl}/api/handoffs/${id}/messages`, loser, { text: 'Hallo' })).status, 403);

    // The newcomer ends it themselves.
    await n.ask('завершити', /завершили/);
    assert.equal((await api('GET', `${running.baseUrl}/api/handoffs/${id}`, winner)).body.status, 'closed');
    n.dl.end();
  });

  it('answers 401 without a token, 403 for a coordinator, 404 for unknown ids, 400 for bad bodies', async () => {
    const coordinator = await login(running.baseUrl, 'koord');
    const advisor = await login(running.baseUrl, 'olena');
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/handoffs?status=waiting'],
      ['GET', '/api/handoffs/events'],
      ['GET', '/api/handoffs/phrases'],
      ['GET', `/api/handoffs/${id}`],
      ['POST', `/api/handoffs/${id}/accept`, {}],
      ['POST', `/api/handoffs/${id}/messages`, { text: 'x' }],
      ['POST', `/api/handoffs/${id}/close`, {}],
    ];
    for (const [method, path, body] of routes) {
      assert.equal((await api(method, running.baseUrl + path, undefined, body)).status, 401, `${method} ${path} without token`);
      assert.equal((await api(method, running.baseUrl + path, 'x'.repeat(43), body)).status, 401, `${method} ${path} with a made-up token`);
      assert.equal((await api(method, running.baseUrl + path, coordinator, body)).status, 403, `${method} ${path} as coordinator`);
    }
    assert.equal((await api('GET', `${running.baseUrl}/api/handoffs/${id}`, advisor)).status, 404);
    assert.equal((await api('GET', `${running.baseUrl}/api/handoffs/not-a-uuid`, advisor)).status, 404);
    assert.equal((await api('GET', `${running.baseUrl}/api/handoffs?status=bogus`, advisor)).status, 400);
    assert.equal((await api('POST', `${running.baseUrl}/api/handoffs/${id}/messages`, advisor, { text: '' })).status, 400);
    assert.equal((await api('POST', `${running.baseUrl}/api/handoffs/${id}/close`, advisor, { outcome: 'vanished' })).status, 400);
    const wrong = await postJson(`${running.baseUrl}/api/auth/login`, { username: 'olena', password: 'wrong password' });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(JSON.stringify(wrong.body), /token/);
  });

  it('erases a newcomer on request: by themselves in the web chat, or by the advisor', async () => {
    const advisor = await login(running.baseUrl, 'olena');
    // The advisor erases on the newcomer's request.
    const { newcomer: asked, userId: askedId } = await newcomer(running.baseUrl, 'u-erase-1');
    await requestInUkrainian(asked);
    const { newcomer: other, userId: otherId } = await newcomer(running.baseUrl, 'u-keep');
    await other.ask('Інтеграційний курс у Фрайберзі');
    const id = (await api('GET', `${running.baseUrl}/api/handoffs?status=waiting`, advisor)).body.items.find((h: { id: string }) => h).id;
    const erased = await api('POST', `${running.baseUrl}/api/handoffs/${id}/erase`, advisor);
    assert.equal(erased.status, 200);
    assert.equal(erased.body.erased.handoffs, 1);
    assert.ok(erased.body.erased.messages > 3, JSON.stringify(erased.body));
    assert.equal((await api('GET', `${running.baseUrl}/api/handoffs/${id}`, advisor)).status, 404);
    const db = running.app.db;
    assert.equal((await db.all(`SELECT 1 FROM dl_conversations WHERE user_id = ?`, [askedId])).length, 0);
    assert.equal((await db.all(`SELECT 1 FROM dl_conversations WHERE user_id = ?`, [otherId])).length, 1, 'another newcomer is untouched');
    assert.deepEqual(
      (await db.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = ?`, [id])).map((r) => r.action),
      ['newcomer.erase'],
    );
    asked.dl.end();

    // The newcomer deletes their own data from the web chat.
    const { newcomer: self, token, userId: selfId } = await newcomer(running.baseUrl, 'u-erase-2');
    await self.ask('Kita in Mittweida');
    const question = await self.ask('Видалити мої дані', /видалити все|Видалити все|видалити/i);
    assert.equal(question.locale, 'uk');
    const said = await self.ask(question.suggestedActions!.actions[0]!.title!, /\d/, question.suggestedActions!.actions[0]!.value);
    assert.equal(said.locale, 'uk');
    // The report (what will go) is sent first, the erasure runs after it in the same turn.
    await waitFor(async () => (await db.all(`SELECT 1 FROM dl_conversations WHERE user_id = ?`, [selfId])).length === 0, { what: 'the web chat conversation to be erased', intervalMs: 20 });
    await waitFor(async () => (await db.all(`SELECT 1 FROM bot_state WHERE key LIKE ?`, [`%${selfId}%`])).length === 0, { what: 'the bot state of the newcomer to be erased', intervalMs: 20 });
    const refresh = await postJson(`${running.baseUrl}/v3/directline/tokens/refresh`, {}, { authorization: `Bearer ${token}` });
    assert.equal(refresh.status, 404, 'the page starts a new conversation after a reload');
    self.dl.end();
    other.dl.end();
  });

  it('puts requests in the advisor’s languages first, and slows password guessing down', async () => {
    const max = await login(running.baseUrl, 'max');
    const olena = await login(running.baseUrl, 'olena');
    const queue = (token: string) => api('GET', `${running.baseUrl}/api/handoffs?status=waiting`, token).then((r) => r.body.items as { language: string; speaksLanguage: boolean }[]);
    const { newcomer: uk } = await newcomer(running.baseUrl, 'u-order-uk');
    await requestInUkrainian(uk);
    const { newcomer: de } = await newcomer(running.baseUrl, 'u-order-de');
    await de.ask('Ich möchte mit einem Menschen sprechen', /Darf die Beratung/);
    await de.ask('Nein', /Worum geht es/, { action: 'choose', value: 'no' });
    await de.ask('x', /welchem Ort/, { action: 'choose', value: 'school' });
    await de.ask('Döbeln', /Warteschlange/);
    const forMax = await queue(max);
    assert.equal(forMax[0]!.language, 'de', 'Max speaks only German: the later German request comes first for him');
    assert.equal(forMax[0]!.speaksLanguage, true);
    const forOlena = await queue(olena);
    assert.equal(forOlena[0]!.language, 'uk', 'Olena speaks Ukrainian and German: oldest first');
    uk.dl.end();
    de.dl.end();

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postJson(`${running.baseUrl}/api/auth/login`, { username: 'max', password: `guess ${i}` })).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const blocked = await fetch(`${running.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'max', password: PASSWORD }) });
    assert.equal(blocked.status, 429, 'even the right password waits until the window has passed');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });
});

describe('human handoff out of hours', function () {
  this.timeout(30_000);
  let running: RunningApp;
  before(async () => {
    running = await startTestApp(handoffConfig('never'));
    await running.app.users.add({ username: 'olena', password: PASSWORD, role: 'advisor', languages: ['uk'] });
  });
  after(async () => running?.app.stop());

  it('offers a callback, rejects an invalid number, stores a valid one for advisors', async () => {
    const { newcomer: n } = await newcomer(running.baseUrl, 'u-night');
    await n.ask('Хочу поговорити з людиною');
    await n.ask('Ні', /./, { action: 'choose', value: 'no' });
    await n.ask('Інше', /./, { action: 'choose', value: 'skip' });
    await n.ask('Пропустити', /зв.яз/i, { action: 'choose', value: 'skip' });
    await n.ask('Так', /номер|e-mail|email|пошт/i, { action: 'choose', value: 'yes' });
    await n.ask('12', /0176 12345678/);
    await n.ask('0176 1234 5678', /\+4917612345678/);
    const token = await login(running.baseUrl, 'olena');
    const callbacks = await api('GET', `${running.baseUrl}/api/handoffs?status=callback`, token);
    assert.equal(callbacks.body.total, 1);
    assert.deepEqual(callbacks.body.items[0].contact, { kind: 'phone', value: '+4917612345678' });
    assert.equal(callbacks.body.items[0].language, 'uk');
    assert.equal(callbacks.body.items[0].consent, false);
    const done = await api('POST', `${running.baseUrl}/api/handoffs/${callbacks.body.items[0].id}/close`, token, { outcome: 'callback-done' });
    assert.equal(done.status, 200);
    assert.equal(done.body.contact, null, 'the contact is deleted once the callback is done');
    n.dl.end();
  });
});
