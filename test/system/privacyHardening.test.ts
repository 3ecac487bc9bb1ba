import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { scrub } from '../../src/catalogue/unanswered';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { ConversationStore } from '../../src/directline/conversationStore';
import { DirectLineService } from '../../src/directline/directLineService';
import { TokenSigner } from '../../src/directline/tokens';
import { isAppError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { eraseUser } from '../../src/privacy/erase';
import { enforceRetention } from '../../src/privacy/retention';
import { Newcomer } from '../helpers/newcomer';
import { postJson, startTestApp, tempDir, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

const PASSWORD = 'correct horse battery staple';

/** The user a Direct Line token speaks for (the claims are signed, not encrypted). */
const tokenUser = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { userId: string }).userId;

async function generate(baseUrl: string, body: unknown = {}) {
  const res = await postJson(`${baseUrl}/v3/directline/tokens/generate`, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { token: res.body.token as string, conversationId: res.body.conversationId as string };
}

/** A newcomer in the web chat, welcomed and ready. */
async function chatter(baseUrl: string, body: unknown = {}) {
  const { token, conversationId } = await generate(baseUrl, body);
  const n = new Newcomer(baseUrl, token, 'ignored-by-the-server');
  await n.next(/./);
  return { n, token, conversationId, userId: tokenUser(token) };
}

/** "Delete my data" through the chat buttons, confirmed; resolves once the report arrived. */
async function deleteMyData(n: Newcomer) {
  await n.ask('x', /./, { action: 'deleteData' });
  await n.ask('x', /\d/, { action: 'choose', value: 'yes' });
}

describe('privacy hardening', function () {
  this.timeout(60_000);
  let running: RunningApp;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    running = await startTestApp();
  });
  after(async () => running?.app.stop());

  describe('A: erasure through the web chat cannot reach another newcomer', () => {
    it('never lets a client choose its Direct Line user id', async () => {
      const chosen = await generate(running.baseUrl, { user: { id: 'victim-user' } });
      assert.notEqual(tokenUser(chosen.token), 'victim-user');
      assert.match(tokenUser(chosen.token), /^dl_[0-9a-f]{24}$/);
      const row = await running.app.db.get<{ user_id: string }>('SELECT user_id FROM dl_conversations WHERE id = ?', [chosen.conversationId]);
      assert.equal(row?.user_id, tokenUser(chosen.token));
    });

    it('keeps A’s conversation when B asks for a token naming A’s user id and deletes “their” data', async () => {
      const db = running.app.db;
      const a = await chatter(running.baseUrl);
      await a.n.ask('Integrationskurs in Freiberg');
      // The welcome may be the reply `ask` saw first: wait until the question and its answer are stored too.
      const count = async () => (await db.get<{ n: number }>('SELECT count(*) AS n FROM dl_activities WHERE conversation_id = ?', [a.conversationId]))!.n;
      await waitFor(async () => (await count()) >= 3, { what: 'A’s welcome, question and answer to be stored' });
      const before = await count();

      const b = await chatter(running.baseUrl, { user: { id: a.userId } });
      await deleteMyData(b.n);
      await waitFor(async () => !(await db.get('SELECT 1 AS x FROM dl_conversations WHERE id = ?', [b.conversationId])), { what: 'B’s own conversation to be erased', intervalMs: 20 });

      assert.ok(await db.get('SELECT 1 AS x FROM dl_conversations WHERE id = ?', [a.conversationId]), 'A’s conversation is still there');
      const after = (await db.get<{ n: number }>('SELECT count(*) AS n FROM dl_activities WHERE conversation_id = ?', [a.conversationId]))!.n;
      // At least as many: the bot may still have been adding its replies to A's question.
      assert.ok(after >= before, `and all of A’s messages (${after} of ${before})`);
      const seen = await fetch(`${running.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`, { headers: auth(a.token) });
      assert.equal(seen.status, 200);
      assert.ok(((await seen.json()) as { activities: Activity[] }).activities.some((x) => x.text === 'Integrationskurs in Freiberg'));
      a.n.dl.end();
      b.n.dl.end();
    });

    it('erases only the requester’s conversation even where two conversations share a user id', async () => {
      // Conversations from before user ids were always issued by the server may share one.
      const db = await SqliteDatabase.open(':memory:');
      await migrate(db);
      const now = Date.now();
      for (const id of ['conv-victim', 'conv-attacker']) {
        await db.run('INSERT INTO dl_conversations (id, user_id, locale, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)', [id, 'shared-id', now, now]);
        await db.run('INSERT INTO dl_activities (conversation_id, seq, id, json) VALUES (?, 0, ?, ?)', [id, `${id}|0000000`, '{"text":"hallo"}']);
        await db.run('INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?)', [`webchat/conversations/${id}/`, '{}', '1', now]);
      }
      const erased = await eraseUser(db, { channelId: 'webchat', userId: 'shared-id', conversationId: 'conv-attacker' });
      assert.equal(erased.conversations, 1);
      assert.equal(erased.messages, 1);
      assert.deepEqual((await db.all<{ id: string }>('SELECT id FROM dl_conversations')).map((r) => r.id), ['conv-victim']);
      assert.equal((await db.all('SELECT 1 FROM dl_activities WHERE conversation_id = ?', ['conv-victim'])).length, 1);
      assert.ok(await db.get('SELECT 1 AS x FROM bot_state WHERE key = ?', ['webchat/conversations/conv-victim/']));

      // A conversation id that belongs to another user is not the requester's, whatever they claim.
      const refused = await eraseUser(db, { channelId: 'webchat', userId: 'someone-else', conversationId: 'conv-victim' });
      assert.equal(refused.conversations, 0);
      assert.ok(await db.get('SELECT 1 AS x FROM dl_conversations WHERE id = ?', ['conv-victim']));
      assert.ok(await db.get('SELECT 1 AS x FROM bot_state WHERE key = ?', ['webchat/conversations/conv-victim/']));
      await db.close();
    });
  });

  describe('B: erased data leaves no copy in the database file or its WAL', () => {
    it('opens every database with secure_delete on', async () => {
      const db = await SqliteDatabase.open(path.join(tempDir(), 'secure.db'));
      assert.equal((await db.get<{ secure_delete: number }>('PRAGMA secure_delete'))?.secure_delete, 1);
      await db.close();
    });

    it('overwrites the message text, user id and display name after “delete my data”', async () => {
      const db = running.app.db;
      const marker = `Quokkamarker${Date.now().toString(36)}`;
      const name = `Namemarker${Date.now().toString(36)}`;
      const a = await chatter(running.baseUrl);
      const reply = a.n.next(/./);
      const posted = await postJson(
        `${running.baseUrl}/v3/directline/conversations/${a.conversationId}/activities`,
        { type: 'message', text: `Integrationskurs in Freiberg ${marker}`, from: { id: 'x', name } },
        auth(a.token),
      );
      assert.equal(posted.status, 200);
      await reply;
      const files = [running.config.databasePath, `${running.config.databasePath}-wal`];
      const holds = (needle: string) => files.some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(needle)));
      await waitFor(() => holds(marker), { what: 'the message in the database file before erasure (so the check can see it)', intervalMs: 20 });

      await deleteMyData(a.n);
      await waitFor(async () => !(await db.get('SELECT 1 AS x FROM dl_conversations WHERE id = ?', [a.conversationId])), { what: 'the conversation to be erased', intervalMs: 20 });
      assert.ok(!(await db.get('SELECT 1 AS x FROM unanswered_questions WHERE text LIKE ?', [`%${marker}%`])), 'the question was answered, so nothing kept it on purpose');
      await waitFor(
        () => {
          for (const file of files) {
            const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
            for (const needle of [marker, name, a.userId]) assert.ok(!bytes.includes(Buffer.from(needle)), `${needle} is still in ${path.basename(file)}`);
          }
          return true;
        },
        { what: 'the text, name and user id to be gone from the database file and its WAL', timeoutMs: 3000, intervalMs: 20 },
      );
      a.n.dl.end();
    });
  });

  describe('B (retention): expired data leaves no copy either', () => {
    it('empties the WAL after retention deleted an old web chat', async () => {
      const file = path.join(tempDir(), 'retention.db');
      const db = await SqliteDatabase.open(file);
      try {
        await migrate(db);
        const marker = `Retentionmarker${Date.now().toString(36)}`;
        await db.run('INSERT INTO dl_conversations (id, user_id, locale, created_at, updated_at) VALUES (?, ?, NULL, 0, 0)', ['old-chat', 'dl_old']);
        await db.run('INSERT INTO dl_activities (conversation_id, seq, id, json) VALUES (?, 0, ?, ?)', ['old-chat', 'old-chat|0000000', JSON.stringify({ text: marker })]);
        const holds = () => [file, `${file}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(marker)));
        assert.ok(holds(), 'the check can see the row before');
        const removed = await enforceRetention(db, { stateDays: 30, directLineDays: 30, handoffDays: 30, callbackDays: 30, unansweredDays: 30 });
        assert.equal(removed.webChats, 1);
        assert.ok(!holds(), 'neither the file nor its WAL holds the deleted text');
      } finally {
        await db.close();
      }
    });
  });

  describe('C and D: what a client may store through Direct Line', () => {
    async function conversation() {
      const t = await generate(running.baseUrl);
      await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, auth(t.token));
      const post = (activity: unknown) => postJson(`${running.baseUrl}/v3/directline/conversations/${t.conversationId}/activities`, activity, auth(t.token));
      const stored = async () => (await running.app.db.all<{ json: string }>('SELECT json FROM dl_activities WHERE conversation_id = ? ORDER BY seq', [t.conversationId])).map((r) => JSON.parse(r.json) as Activity);
      return { ...t, post, stored };
    }

    it('refuses a 200 KB channelData with 413 and stores nothing of it', async () => {
      const c = await conversation();
      const res = await c.post({ type: 'event', name: 'setLanguage', value: 'de', channelData: { junk: 'x'.repeat(200 * 1024) } });
      assert.equal(res.status, 413, JSON.stringify(res.body).slice(0, 300));
      assert.equal(res.body.error.code, 'payloadTooLarge');
      assert.ok(!(await c.stored()).some((a) => JSON.stringify(a).length > 20_000), 'nothing that large is stored');
      const value = await c.post({ type: 'event', name: 'x', value: { junk: 'x'.repeat(100 * 1024) } });
      assert.equal(value.status, 413);
    });

    it('keeps only what Web Chat itself sends in channelData and value, and caps the text', async () => {
      const c = await conversation();
      const ok = await c.post({
        type: 'message',
        text: 'ü'.repeat(6000),
        value: { action: 'choose', value: 'yes', nested: { deep: ['x'] } },
        channelData: { clientActivityID: 'abc123', clientTimestamp: '2025-01-01T00:00:00.000Z', tracking: 'y'.repeat(5000), messageBack: { displayText: 'Ja', extra: 'z' } },
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const stored = (await c.stored()).find((a) => a.id === ok.body.id)!;
      assert.equal(stored.text?.length, 5000);
      assert.deepEqual(stored.channelData, { clientActivityID: 'abc123', clientTimestamp: '2025-01-01T00:00:00.000Z', messageBack: { displayText: 'Ja' } });
      assert.equal(stored.value, undefined, 'a value that is no button or card payload is dropped');
      const button = await c.post({ type: 'message', text: 'Ja', value: { action: 'choose', value: 'yes' }, channelData: { postBack: true } });
      assert.deepEqual((await c.stored()).find((a) => a.id === button.body.id)!.value, { action: 'choose', value: 'yes' });
      const language = await c.post({ type: 'event', name: 'setLanguage', value: 'uk' });
      assert.equal((await c.stored()).find((a) => a.id === language.body.id)!.value, 'uk');
    });

    it('refuses a 100,000-deep value in the service itself, whatever the HTTP layer lets through', async () => {
      const db = await SqliteDatabase.open(path.join(tempDir(), 'deep.db'));
      await migrate(db);
      const service = new DirectLineService(new ConversationStore(db), new TokenSigner(TokenSigner.newKey()), async () => undefined, () => 'http://127.0.0.1:1', createLogger('silent'));
      try {
        const { token, conversationId } = await service.generateToken();
        const claims = service.verify(token);
        let deep: unknown = [];
        for (let i = 0; i < 100_000; i++) deep = [deep];
        await assert.rejects(service.post(claims, conversationId, { type: 'event', name: 'x', value: deep }), (e: unknown) => isAppError(e) && e.status === 400);
        await assert.rejects(service.post(claims, conversationId, { type: 'event', name: 'x', channelData: deep }), (e: unknown) => isAppError(e) && e.status === 400);
        assert.ok((await service.post(claims, conversationId, { type: 'message', text: 'Kita' })).id);
      } finally {
        service.close();
        await db.close();
      }
    });

    it('answers a 100,000-deep value with a 4xx, and keeps answering', async () => {
      const c = await conversation();
      const depth = 100_000;
      const body = `{"type":"event","name":"x","value":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const res = await postJson(`${running.baseUrl}/v3/directline/conversations/${c.conversationId}/activities`, body, auth(c.token));
      assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const shallow = `{"type":"event","name":"x","value":${'['.repeat(40)}${']'.repeat(40)}}`;
      const nested = await postJson(`${running.baseUrl}/v3/directline/conversations/${c.conversationId}/activities`, shallow, auth(c.token));
      assert.ok(nested.status >= 400 && nested.status < 500, `status ${nested.status}`);
      assert.equal((await c.post({ type: 'message', text: 'Kita in Döbeln' })).status, 200, 'the same conversation still works');
      assert.equal((await fetch(`${running.baseUrl}/healthz`)).status, 200);
    });
  });

  describe('E: erasing a newcomer during an active chat', () => {
    it('is for the advisor who accepted it: another advisor gets 403', async () => {
      await running.app.users.add({ username: 'anna', password: PASSWORD, role: 'advisor', languages: ['de'] });
      await running.app.users.add({ username: 'bernd', password: PASSWORD, role: 'advisor', languages: ['de'] });
      const login = async (username: string) => (await postJson(`${running.baseUrl}/api/auth/login`, { username, password: PASSWORD })).body.token as string;
      const [anna, bernd] = [await login('anna'), await login('bernd')];
      const chat = await generate(running.baseUrl);
      const userId = tokenUser(chat.token);
      const { handoff } = await running.app.handoffs.enqueue({
        conversationKey: `webchat:${chat.conversationId}`,
        userKey: `webchat:${userId}`,
        channel: 'local',
        reference: { channelId: 'webchat', conversation: { id: chat.conversationId } as never, user: { id: userId, name: '' }, bot: { id: 'bildungslotse', name: 'Bildungslotse' } },
        language: 'de',
        topic: null,
        town: null,
        consent: false,
        transcript: [],
      });
      const call = (path: string, token: string) => postJson(`${running.baseUrl}/api/handoffs/${handoff.id}${path}`, {}, auth(token));
      assert.equal((await call('/accept', anna)).status, 200);
      const refused = await call('/erase', bernd);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal((await running.app.handoffs.get(handoff.id))?.status, 'active', 'the chat goes on');
      assert.ok(await running.app.db.get('SELECT 1 AS x FROM dl_conversations WHERE id = ?', [chat.conversationId]));
      const erased = await call('/erase', anna);
      assert.equal(erased.status, 200, JSON.stringify(erased.body));
      assert.equal(await running.app.handoffs.get(handoff.id), null);
    });
  });

  describe('F: phone numbers in any digits are scrubbed from unanswered questions', () => {
    const cases = [
      'رقمي ٠١٧٦١٢٣٤٥٦٧ اتصل بي',
      'شماره من ۰۱۷۶۱۲۳۴۵۶۷ است',
      'رقمي ٠١٧٦ ١٢٣–٤٥٦٧',
      'شماره ۰۱۷۶/۱۲۳ ۴۵۶۷',
      'رقمي +٤٩ ١٧٦ ١٢٣٤٥٦٧',
      'Nummer ０１７６ １２３４５６７',
      'رقمي \u200E٠١٧٦\u200E ١٢٣\u200E ٤٥٦٧',
      'Nummer 0176\u2011123\u00A04567',
    ];
    for (const text of cases) {
      it(`scrubs ${JSON.stringify(text)}`, () => {
        const clean = scrub(text);
        assert.match(clean, /\[(Nummer|Zahl)\]/, clean);
        assert.doesNotMatch(clean, /[\p{Nd}]{2}/u, clean);
      });
    }

    it('scrubs e-mail addresses written with full-width or Arabic surroundings', () => {
      assert.equal(scrub('بريدي anna.schmidt@example.de شكرا'), 'بريدي [E-Mail] شكرا');
      assert.doesNotMatch(scrub('Mail: anna＠example．de bitte'), /anna/);
    });

    it('leaves ordinary numbers and words alone', () => {
      assert.equal(scrub('Kurs B1 ab 2025 in Döbeln'), 'Kurs B1 ab 2025 in Döbeln');
      assert.equal(scrub('دورة B1 في ٢٠٢٥'), 'دورة B1 في ٢٠٢٥');
    });
  });

  describe('G: providers supersede only their own proposals', () => {
    it('refuses a new offer under an id another provider has proposed, and keeps theirs pending', async () => {
      await running.app.users.add({ username: 'vhs-dl', password: PASSWORD, role: 'provider', providerId: 'p-vhs-dl' });
      await running.app.users.add({ username: 'vhs-fg', password: PASSWORD, role: 'provider', providerId: 'p-vhs-fg' });
      const login = async (username: string) => (await postJson(`${running.baseUrl}/api/auth/login`, { username, password: PASSWORD })).body.token as string;
      const [dl, fg] = [await login('vhs-dl'), await login('vhs-fg')];
      const offer = (title: string) => ({ id: 'neu-gemeinsam-1', categories: ['german-course'], town: 'doebeln', title: { de: title } });
      const mine = await postJson(`${running.baseUrl}/api/provider/offers`, offer('Konversationskurs Döbeln'), auth(dl));
      assert.equal(mine.status, 202, JSON.stringify(mine.body));
      const theirs = await postJson(`${running.baseUrl}/api/provider/offers`, offer('Übernommen'), auth(fg));
      assert.equal(theirs.status, 409, JSON.stringify(theirs.body));
      const status = await running.app.db.get<{ status: string }>('SELECT status FROM proposals WHERE id = ?', [mine.body.id]);
      assert.equal(status?.status, 'pending', 'the first provider’s proposal is not superseded');
      assert.equal((await running.app.db.all(`SELECT 1 FROM proposals WHERE provider_id = 'p-vhs-fg' AND entity_id = 'neu-gemeinsam-1'`)).length, 0);

      // Two such proposals from before this rule: approving the later one cannot hand the offer over.
      const offerId = (await running.app.db.get<{ id: string }>(`SELECT id FROM offers WHERE provider_id = 'p-vhs-dl' LIMIT 1`))!.id;
      const fgUser = (await running.app.users.list()).find((u) => u.username === 'vhs-fg')!;
      const stale = await running.app.db.runReturning<{ id: number }>(`INSERT INTO proposals (kind, entity_id, provider_id, user_id, proposed, created_at) VALUES ('offers', ?, 'p-vhs-fg', ?, ?, ?) RETURNING id`, [
        offerId,
        fgUser.id,
        JSON.stringify({ id: offerId, categories: ['german-course'], town: 'doebeln', title: { de: 'Übernommen' }, providerId: 'p-vhs-fg' }),
        new Date().toISOString(),
      ]);
      await running.app.users.add({ username: 'koord-g', password: PASSWORD, role: 'coordinator' });
      const approved = await postJson(`${running.baseUrl}/api/catalogue/proposals/${stale!.id}/approve`, {}, auth(await login('koord-g')));
      assert.equal(approved.status, 409, JSON.stringify(approved.body));
      assert.equal((await running.app.db.get<{ provider_id: string }>('SELECT provider_id FROM offers WHERE id = ?', [offerId]))?.provider_id, 'p-vhs-dl');

      // The same provider may replace its own pending proposal.
      const again = await postJson(`${running.baseUrl}/api/provider/offers`, offer('Konversationskurs Döbeln, neu'), auth(dl));
      assert.equal(again.status, 202, JSON.stringify(again.body));
      assert.equal((await running.app.db.get<{ status: string }>('SELECT status FROM proposals WHERE id = ?', [mine.body.id]))?.status, 'superseded');
    });
  });
});
