import assert from 'node:assert/strict';
import path from 'node:path';
import { migrations } from '../../src/db/migrations';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { api, handoffConfig, login, newcomer, openEvents, PASSWORD, requestInUkrainian } from '../helpers/handoffClients';
import { Newcomer } from '../helpers/newcomer';
import { describeWithPostgres, freshPostgresDatabase } from '../helpers/postgres';
import { listening, startProcess } from '../helpers/serviceProcess';
import { DATA_DIR, postJson, startTestApp, tempDir, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

/**
 * Two instances on one PostgreSQL database, as behind the README's nginx: instance A is a
 * process of its own (so it can be killed), instance B runs in the test's process. A newcomer
 * and an advisor on different instances must not notice.
 */
describeWithPostgres('two instances on one PostgreSQL database', function () {
  this.timeout(90_000);
  let url: string;
  let a: ReturnType<typeof startProcess>;
  let aUrl: string;
  let b: RunningApp;

  before(async () => {
    url = await freshPostgresDatabase();
    // Both start at once on the empty database: one migrates and seeds, the other waits for it.
    a = startProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      DATABASE_PATH: path.join(tempDir(), 'unused.db'),
      HANDOFF_HOURS: 'always',
      HANDOFF_PUBLIC_HOLIDAYS: 'none',
      RATE_LIMIT_CHAT: '100/1000',
      RATE_LIMIT_LOGIN: '100/1000',
      RATE_LIMIT_ASK: '100/1000',
    });
    const config = handoffConfig('always');
    [aUrl, b] = await Promise.all([listening(a, 60_000).then((port) => `http://127.0.0.1:${port}`), startTestApp({ ...config, databaseUrl: url })]);
    await b.app.users.add({ username: 'olena', password: PASSWORD, role: 'advisor', languages: ['de', 'uk'], displayName: 'Olena' });
    await b.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
  });

  after(async () => {
    a?.child.kill('SIGKILL');
    await b?.app.stop();
  });

  it('migrated and seeded once although both started at the same moment', async () => {
    const versions = await b.app.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(versions.map((v) => v.version), migrations.map((m) => m.version));
    const offers = await b.app.db.get<{ n: number }>('SELECT count(*) AS n FROM offers');
    assert.equal(offers?.n, readSeedCatalogue(DATA_DIR).offers.length);
  });

  it('accepts a staff session and a Direct Line token issued by the other instance', async () => {
    const session = await login(aUrl, 'olena');
    assert.equal((await api('GET', `${b.baseUrl}/api/handoffs?status=waiting`, session)).status, 200, 'B knows the session A issued');
    const issued = await postJson(`${b.baseUrl}/v3/directline/tokens/generate`, {});
    const started = await fetch(`${aUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${issued.body.token}` } });
    assert.equal(started.status, 201, 'A knows the token B signed');
  });

  it('hands a newcomer on one instance to an advisor on the other, both ways, live', async () => {
    const advisor = await login(b.baseUrl, 'olena');
    const stream = await openEvents(b.baseUrl, advisor);
    const { newcomer: n } = await newcomer(aUrl, 'u-a');
    const queued = await requestInUkrainian(n);
    assert.doesNotMatch(queued.text ?? '', /немає онлайн/, 'A knows an advisor has the console open on B');

    const waiting = await api('GET', `${b.baseUrl}/api/handoffs?status=waiting`, advisor);
    assert.equal(waiting.body.total, 1);
    const id = waiting.body.items[0].id as string;
    await stream.next((e) => e.event === 'handoff' && e.data.id === id && e.data.status === 'waiting');

    // Two accepts at once, one on each instance: one wins, the other is told it was taken.
    const accepted = n.next(/Olena/);
    const sameAdvisorOnA = await login(aUrl, 'olena');
    const both = await Promise.all([api('POST', `${aUrl}/api/handoffs/${id}/accept`, sameAdvisorOnA), api('POST', `${b.baseUrl}/api/handoffs/${id}/accept`, advisor)]);
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
    await accepted;

    // The advisor writes on B; the newcomer's socket is on A.
    const arrives = n.next(/Добрий день з іншого сервера/);
    assert.equal((await api('POST', `${b.baseUrl}/api/handoffs/${id}/messages`, advisor, { text: 'Добрий день з іншого сервера' })).status, 201);
    await arrives;

    // The newcomer answers on A; the advisor's stream on B hears it.
    const heard = stream.next((e) => e.event === 'message' && e.data.message.text === 'Дякую, чую вас');
    await n.say('Дякую, чую вас');
    await heard;
    n.dl.end();
    stream.close();
  });

  it('makes a catalogue edit on one instance searchable on the other within a second', async () => {
    const koord = await login(b.baseUrl, 'koord');
    const offer = (await api('GET', `${b.baseUrl}/api/catalogue/offers?limit=1`, koord)).body.items[0] as { id: string };
    const full = (await api('GET', `${b.baseUrl}/api/catalogue/offers/${offer.id}`, koord)).body;
    const saved = await api('PUT', `${b.baseUrl}/api/catalogue/offers/${offer.id}`, koord, { ...full, review: undefined, title: { ...full.title, de: 'Xylophonwerkstatt für Anfänger' } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const edited = Date.now();
    await waitFor(
      async () => ((await postJson(`${aUrl}/api/ask`, { text: 'Xylophonwerkstatt' })).body.offers?.[0]?.id === offer.id ? true : assert.fail('not yet')),
      { what: 'A to find the offer edited on B', timeoutMs: 1000, intervalMs: 20 },
    );
    assert.ok(Date.now() - edited <= 1000);
  });

  it('lets a newcomer whose instance was killed go on talking on the other one', async () => {
    const { newcomer: n, token } = await newcomer(aUrl, 'u-killed');
    await n.ask('Шукаю інтеграційний курс у Фрайберзі', /Freiberg|Фрайберг/);
    const resume = n.position;
    n.dl.end();
    // The turn's memory is saved after its reply goes out; the kill comes once it is stored (a
    // kill in between loses that one turn's memory, as any crash would).
    await waitFor(
      async () =>
        (await b.app.db.get<{ value: string }>('SELECT value FROM bot_state WHERE key LIKE ?', [`%/conversations/${resume.conversationId}%`]))?.value.includes('freiberg') ||
        assert.fail('not saved yet'),
      { what: "A to save the conversation's memory", timeoutMs: 5000, intervalMs: 20 },
    );
    a.child.kill('SIGKILL');
    await a.exited;
    // The proxy sends the reconnect to B; the conversation, its log and its state are in the database.
    const again = new Newcomer(b.baseUrl, token, 'u-killed', resume);
    await again.ask('а в Дебельні?', /Дебельн|Döbeln/);
    again.dl.end();
  });
});
