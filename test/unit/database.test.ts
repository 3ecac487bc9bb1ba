import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { PostgresDatabase } from '../../src/db/postgresDatabase';
import { migrate, migrations } from '../../src/db/migrations';
import { tempDir } from '../helpers/files';

describe('Database and migrations', () => {
  it('opens in WAL mode with foreign keys and a busy timeout', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'a.db'));
    try {
      assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
      assert.equal((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
      assert.equal((await db.get<{ timeout: number }>('PRAGMA busy_timeout'))?.timeout, 5000);
    } finally {
      await db.close();
    }
  });

  it('reports a statement that does not prepare, keeps working, and closes while queries still run', async () => {
    const file = path.join(tempDir(), 'statements.db');
    const db = await SqliteDatabase.open(file);
    await db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    await db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
    for (let i = 0; i < 2; i++) await assert.rejects(db.get('SELEC k FROM t'), /syntax error/);
    await assert.rejects(db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 2]), /UNIQUE/);
    assert.deepEqual(await db.get('SELECT v FROM t WHERE k = ?', ['a']), { v: 1 });
    // Queries issued before and after close began: each settles, and the file closes cleanly.
    const early = Array.from({ length: 50 }, (_, i) => db.get('SELECT v FROM t WHERE k = ?', [i % 2 ? 'a' : 'b']));
    const closing = db.close();
    const late = [0, 1, 2, 3].map((ms) => new Promise((resolve) => setTimeout(() => resolve(db.all('SELECT k FROM t').catch((err: Error) => err)), ms)));
    await closing;
    assert.deepEqual((await Promise.all(early)).filter(Boolean), Array(25).fill({ v: 1 }));
    await Promise.all(late);
    const again = await SqliteDatabase.open(file);
    try {
      assert.deepEqual(await again.all('SELECT k, v FROM t'), [{ k: 'a', v: 1 }]);
    } finally {
      await again.close();
    }
  });

  it('applies every migration once and nothing on a second start', async () => {
    const file = path.join(tempDir(), 'b.db');
    const first = await SqliteDatabase.open(file);
    assert.deepEqual(await migrate(first), migrations.map((m) => m.version));
    await first.close();
    const second = await SqliteDatabase.open(file);
    try {
      assert.deepEqual(await migrate(second), []);
      const tables = await second.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
      for (const t of ['offers', 'offer_translations', 'answers', 'answer_questions', 'towns', 'providers', 'bot_state']) {
        assert.ok(tables.some((r) => r.name === t), `table ${t} exists`);
      }
    } finally {
      await second.close();
    }
  });

  it('rolls a failed migration back completely', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'c.db'));
    try {
      const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE x (a INTEGER); INSERT INTO nope VALUES (1);' }];
      await assert.rejects(migrate(db, broken), /no such table/);
      assert.equal(await db.get("SELECT name FROM sqlite_master WHERE name = 'x'"), undefined);
      assert.deepEqual(await db.all('SELECT * FROM schema_migrations'), []);
    } finally {
      await db.close();
    }
  });

  it('refuses a corrupt file with a clear message and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'corrupt.db');
    const garbage = Buffer.from('this is not a database, it is a shopping list '.repeat(200));
    fs.writeFileSync(file, garbage);
    await assert.rejects(SqliteDatabase.open(file), (err: Error) => /not a usable SQLite database/.test(err.message) && /corrupt\.db/.test(err.message));
    assert.deepEqual(fs.readFileSync(file), garbage);
  });

  it('says which PostgreSQL it cannot reach, without the password', async () => {
    await assert.rejects(
      PostgresDatabase.open('postgres://bl:geheim@127.0.0.1:1/bildungslotse'),
      (err: Error) => /Cannot connect to PostgreSQL at postgres:\/\/bl:\*\*\*@127\.0\.0\.1:1\/bildungslotse/.test(err.message) && !err.message.includes('geheim'),
    );
  });

  it('names the missing folder when DATABASE_PATH points nowhere', async () => {
    await assert.rejects(SqliteDatabase.open('/nonexistent-folder/x/y.db'), /DATABASE_PATH folder does not exist/);
  });

  it('keeps parameters as data: SQL-looking text is stored, not executed', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'd.db'));
    try {
      await migrate(db);
      const evil = "x'); DROP TABLE offers; --";
      await db.run('INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?)', [evil, '{}', 'e', 1]);
      assert.equal((await db.get<{ key: string }>('SELECT key FROM bot_state'))?.key, evil);
      assert.ok(await db.get("SELECT name FROM sqlite_master WHERE name = 'offers'"));
    } finally {
      await db.close();
    }
  });

  it('rolls back a transaction that throws, and lets others write afterwards', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'e.db'));
    try {
      await migrate(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run("INSERT INTO towns VALUES ('t1', 'T', '01234', 1, 1, 'Stadt')");
          throw new Error('boom');
        }),
        /boom/,
      );
      await db.run("INSERT INTO towns VALUES ('t2', 'T2', '01234', 1, 1, 'Stadt')");
      assert.deepEqual((await db.all<{ id: string }>('SELECT id FROM towns')).map((r) => r.id), ['t2']);
    } finally {
      await db.close();
    }
  });

  it("keeps a write made while another request's transaction is open out of that transaction", async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'f.db'));
    try {
      await migrate(db);
      // Many single writes in flight when the transaction starts, more while it is open.
      const before = Array.from({ length: 20 }, (_, i) => db.run("INSERT INTO towns VALUES (?, 'T', '01234', 1, 1, 'Stadt')", [`a${i}`]));
      let during: Promise<unknown>[] = [];
      const failing = db.transaction(async (tx) => {
        await tx.run("INSERT INTO towns VALUES ('tx', 'T', '01234', 1, 1, 'Stadt')");
        during = Array.from({ length: 20 }, (_, i) => db.run("INSERT INTO towns VALUES (?, 'T', '01234', 1, 1, 'Stadt')", [`b${i}`]));
        // Deliberately a window, not a wait for something: held open 20 ms, a transaction that let
        // those writes in would have run them by now (and the rollback below would lose them).
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('boom');
      });
      await assert.rejects(failing, /boom/);
      await Promise.all([...before, ...during]);
      const ids = new Set((await db.all<{ id: string }>('SELECT id FROM towns')).map((r) => r.id));
      assert.equal(ids.has('tx'), false, 'the failed transaction is rolled back');
      assert.equal(ids.size, 40, 'every single write before and during it is kept');
    } finally {
      await db.close();
    }
  });
});
