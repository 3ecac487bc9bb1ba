import assert from 'node:assert/strict';
import path from 'node:path';
import type { Database } from '../../src/db/database';
import { migrate, migrations } from '../../src/db/migrations';
import { numberedPlaceholders } from '../../src/db/placeholders';
import { PostgresDatabase } from '../../src/db/postgresDatabase';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { DATA_DIR, tempDir } from '../helpers/files';
import { copyDatabase } from '../../src/db/copyDatabase';
import { loadSeedIfEmpty, readSeedCatalogue } from '../../src/catalogue/seed';
import { OfferRepository } from '../../src/catalogue/offerRepository';
import { AnswerRepository } from '../../src/catalogue/answerRepository';
import { UserRepository } from '../../src/auth/users';
import { SessionService } from '../../src/auth/sessions';
import { DatabaseStorage } from '../../src/state/databaseStorage';
import { ConversationStore } from '../../src/directline/conversationStore';
import { describeEachEngine, describeWithPostgres, freshPostgresDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/waitFor';

const town = (id: string) => [id, 'T', '01234', 50.9, 13.3, 'Stadt'];
const INSERT_TOWN = 'INSERT INTO towns (id, name, postcode, lat, lon, kind) VALUES (?, ?, ?, ?, ?, ?)';

describeEachEngine('Database', (open, engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it('has applied every migration, and a second run applies none', async () => {
    const versions = (await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
    assert.deepEqual(versions, migrations.map((m) => m.version));
    assert.deepEqual(await migrate(db), []);
  });

  it('keeps parameters as data, a ? inside a string literal included', async () => {
    const evil = "x'); DROP TABLE offers; --?";
    await db.run("INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, '{\"q\": \"?\"}', ?, ?)", [evil, 'e', Date.now()]);
    const row = await db.get<{ key: string; value: string; updated_at: number }>('SELECT key, value, updated_at FROM bot_state');
    assert.equal(row?.key, evil);
    assert.equal(row?.value, '{"q": "?"}');
    assert.equal(typeof row?.updated_at, 'number', 'millisecond times come back as numbers, not strings');
    assert.ok((await db.get<{ n: number }>('SELECT count(*) AS n FROM offers')) !== undefined, 'offers still exists');
  });

  it('counts rows as numbers and reports how many a write changed', async () => {
    for (const id of ['a', 'b', 'c']) await db.run(INSERT_TOWN, town(id));
    assert.deepEqual(await db.get('SELECT count(*) AS n FROM towns'), { n: 3 });
    assert.equal((await db.run("UPDATE towns SET name = 'X' WHERE id IN ('a', 'b')")).changes, 2);
    const lat = await db.get<{ lat: number }>("SELECT lat FROM towns WHERE id = 'a'");
    assert.equal(lat?.lat, 50.9, 'coordinates keep their precision');
  });

  it('returns the new row id of an insert', async () => {
    const first = await db.runReturning<{ id: number }>("INSERT INTO unanswered_questions (text, lang, hour, created_at) VALUES ('a', 'de', '2026-12-07T10', 1) RETURNING id");
    const second = await db.runReturning<{ id: number }>("INSERT INTO unanswered_questions (text, lang, hour, created_at) VALUES ('b', 'de', '2026-12-07T10', 1) RETURNING id");
    assert.equal(typeof first?.id, 'number');
    assert.ok(second!.id > first!.id);
  });

  it('rolls back a transaction that throws, and lets others write afterwards', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.run(INSERT_TOWN, town('t1'));
        throw new Error('boom');
      }),
      /boom/,
    );
    await db.run(INSERT_TOWN, town('t2'));
    assert.deepEqual((await db.all<{ id: string }>('SELECT id FROM towns')).map((r) => r.id), ['t2']);
  });

  it('never interleaves two transactions that read and then write', async () => {
    await db.run("INSERT INTO settings (key, value) VALUES ('counter', '0')");
    const increment = () =>
      db.transaction(async (tx) => {
        const row = await tx.get<{ value: string }>("SELECT value FROM settings WHERE key = 'counter'");
        await new Promise((r) => setImmediate(r));
        await tx.run("UPDATE settings SET value = ? WHERE key = 'counter'", [String(Number(row!.value) + 1)]);
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    assert.deepEqual(await db.get("SELECT value FROM settings WHERE key = 'counter'"), { value: '20' });
  });

  it('records every catalogue write in the change feed, in order', async () => {
    const before = (await db.get<{ seq: number }>('SELECT max(seq) AS seq FROM catalogue_changes'))!.seq;
    await db.run(INSERT_TOWN, town('z'));
    await db.run("INSERT INTO providers (id, name, town_id, created_at, updated_at) VALUES ('p1', 'P', 'z', 'x', 'x')");
    await db.run("UPDATE providers SET name = 'Q' WHERE id = 'p1'");
    await db.run("DELETE FROM providers WHERE id = 'p1'");
    const feed = await db.all<{ kind: string; entity_id: string; at: number }>('SELECT kind, entity_id, at FROM catalogue_changes WHERE seq > ? ORDER BY seq', [before]);
    assert.deepEqual(feed.map((f) => `${f.kind}:${f.entity_id}`), ['providers:p1', 'providers:p1', 'providers:p1']);
    assert.ok(feed.every((f) => typeof f.at === 'number' && Math.abs(f.at - Date.now()) < 60_000), `feed times are milliseconds now (${engine})`);
  });

  it('finds a staff account whatever the case of its name, and refuses the same name twice', async () => {
    await db.run("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('Anna.K', 'Anna', 'advisor', 'h', 'x')");
    assert.ok(await db.get('SELECT id FROM users WHERE lower(username) = lower(?)', ['anna.k']));
    await assert.rejects(db.run("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('anna.k', 'Anna', 'advisor', 'h', 'x')"));
  });
});

describeWithPostgres('notifications between instances on PostgreSQL', () => {
  it('reach every other instance, and come back after the listening connection is cut', async function () {
    this.timeout(20_000);
    const url = await freshPostgresDatabase();
    const [a, b] = [await PostgresDatabase.open(url), await PostgresDatabase.open(url)];
    try {
      const heard: string[] = [];
      let reconnects = 0;
      const ownHeard: string[] = [];
      await a.notifications.listen('test_channel', (payload) => ownHeard.push(payload));
      await b.notifications.listen('test_channel', (payload) => heard.push(payload));
      b.notifications.onReconnect(() => reconnects++);
      await a.notifications.publish('test_channel', 'eins');
      await waitFor(() => heard.includes('eins') || assert.fail('not yet'), { what: 'B to hear A', timeoutMs: 2000 });
      await b.notifications.publish('test_channel', 'von B');
      await waitFor(() => ownHeard.includes('von B') || assert.fail('not yet'), { what: 'A to hear B', timeoutMs: 2000 });
      assert.deepEqual(ownHeard, ['von B'], 'an instance does not hear its own messages');

      // A restarted server or a dropped network: the server ends B's listening connection.
      await a.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      await waitFor(() => reconnects > 0 || assert.fail('not yet'), { what: 'B to listen again', timeoutMs: 5000 });
      await a.notifications.publish('test_channel', 'zwei');
      await waitFor(() => heard.includes('zwei') || assert.fail('not yet'), { what: 'B to hear A after reconnecting', timeoutMs: 2000 });
      await assert.rejects(a.notifications.publish('test_channel', 'x'.repeat(8000)), /too long/);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describeWithPostgres('one conversation written by two instances', () => {
  it('numbers its activities without gaps, and a reader never sees a later one before an earlier one', async function () {
    this.timeout(30_000);
    const url = await freshPostgresDatabase();
    const [a, b] = [await PostgresDatabase.open(url), await PostgresDatabase.open(url)];
    try {
      await migrate(a);
      // The bot's replies on one instance, an advisor's messages on the other, at the same moment.
      const [onA, onB] = [new ConversationStore(a), new ConversationStore(b)];
      await onA.create('c1', 'u1', null);
      const appends = Array.from({ length: 80 }, (_, i) => (i % 2 ? onA : onB).append('c1', { type: 'message', text: `m${i}` }));
      const holes: string[] = [];
      const reading = (async () => {
        for (let i = 0; i < 40; i++) {
          const seen = (await onB.since('c1', null)).activities.map((x) => Number(String(x.id).split('|')[1]));
          if (seen.some((seq, k) => seq !== k)) holes.push(seen.join(','));
        }
      })();
      const results = await Promise.all(appends);
      await reading;
      assert.deepEqual(results.map((r) => r.seq).sort((x, y) => x - y), Array.from({ length: 80 }, (_, i) => i), 'every number once');
      assert.deepEqual(holes, [], 'every read a prefix, never a hole');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('placeholders for PostgreSQL', () => {
  it('numbers each ? outside quotes and comments', () => {
    assert.equal(numberedPlaceholders("SELECT ? , '?', \"a?\", 'it''s ?' -- ?\n, ?"), "SELECT $1 , '?', \"a?\", 'it''s ?' -- ?\n, $2");
  });
});

describeWithPostgres('the same schema on both engines', () => {
  it('has the same tables and columns after all migrations', async () => {
    const sqlite = await SqliteDatabase.open(path.join(tempDir(), 'schema.db'));
    const postgres = await PostgresDatabase.open(await freshPostgresDatabase());
    try {
      await migrate(sqlite);
      await migrate(postgres);
      const sqliteColumns = await sqlite.all<{ t: string; c: string }>(
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
      );
      const postgresColumns = await postgres.all<{ t: string; c: string }>(
        "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'",
      );
      const names = (rows: { t: string; c: string }[]) => rows.map((r) => `${r.t}.${r.c}`).sort();
      assert.deepEqual(names(postgresColumns), names(sqliteColumns));
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});

describeWithPostgres('moving a county from SQLite to PostgreSQL (npm run move-to-postgres)', () => {
  it('copies every row of every table, and the copy works as the original did', async function () {
    this.timeout(60_000);
    const sqlite = await SqliteDatabase.open(path.join(tempDir(), 'county.db'));
    const postgres = await PostgresDatabase.open(await freshPostgresDatabase());
    try {
      await migrate(sqlite);
      await loadSeedIfEmpty(sqlite, readSeedCatalogue(DATA_DIR));
      await new UserRepository(sqlite).add({ username: 'Olena', password: 'correct horse battery staple', role: 'advisor', languages: ['de', 'uk'] });
      await new DatabaseStorage(sqlite).write({ 'webchat/users/u1': { profile: { lang: 'fa' } } });
      // The new database may already hold a seed an instance loaded on first start.
      await migrate(postgres);
      await loadSeedIfEmpty(postgres, readSeedCatalogue(DATA_DIR));
      await postgres.run('DELETE FROM offers');

      const report = await copyDatabase(sqlite, postgres);
      for (const { table, rows } of report.tables) {
        assert.deepEqual(await postgres.get(`SELECT count(*) AS n FROM ${table}`), { n: rows }, table);
        assert.deepEqual(await sqlite.get(`SELECT count(*) AS n FROM ${table}`), { n: rows }, table);
      }
      assert.ok(report.tables.some((t) => t.table === 'offer_translations' && t.rows > 500));
      assert.deepEqual(await new OfferRepository(postgres).list(), await new OfferRepository(sqlite).list(), 'every offer reads back the same');
      assert.deepEqual(await new AnswerRepository(postgres).list(), await new AnswerRepository(sqlite).list());
      const users = new UserRepository(postgres);
      assert.ok(await new SessionService(postgres, users).login('olena', 'correct horse battery staple'), 'the advisor signs in with the same password');
      const next = await users.add({ username: 'max', password: 'correct horse battery staple', role: 'advisor' });
      assert.ok(next.id > (await users.list()).find((u) => u.username === 'Olena')!.id, 'new ids continue after the copied ones');
      assert.deepEqual((await new DatabaseStorage(postgres).read(['webchat/users/u1']))['webchat/users/u1']?.profile, { lang: 'fa' });
      await assert.rejects(copyDatabase(sqlite, postgres), /already holds offers/, 'a second copy into a filled database is refused');
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
