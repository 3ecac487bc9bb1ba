import assert from 'node:assert/strict';
import path from 'node:path';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { DatabaseStorage, StorageConflictError } from '../../src/state/databaseStorage';
import { tempDir } from '../helpers/files';
import { describeEachEngine } from '../helpers/postgres';

describeEachEngine('DatabaseStorage', (open) => {
  const openStorage = async () => {
    const db = await open();
    return { db, storage: new DatabaseStorage(db) };
  };

  it('reads back what it wrote, with a fresh eTag, and nothing for unknown keys', async () => {
    const { db, storage } = await openStorage();
    try {
      await storage.write({ a: { lang: 'uk', count: 2 } });
      const items = await storage.read(['a', 'missing']);
      assert.deepEqual({ ...items.a, eTag: undefined }, { lang: 'uk', count: 2, eTag: undefined });
      assert.ok(typeof items.a.eTag === 'string' && items.a.eTag.length > 0);
      assert.equal(items.missing, undefined);
    } finally {
      await db.close();
    }
  });

  it('rejects a write with a stale eTag and keeps the newer value', async () => {
    const { db, storage } = await openStorage();
    try {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      await assert.rejects(storage.write({ k: { ...first, v: 3 } }), StorageConflictError);
      assert.equal((await storage.read(['k'])).k.v, 2);
    } finally {
      await db.close();
    }
  });

  it("lets '*' overwrite whatever is stored", async () => {
    const { db, storage } = await openStorage();
    try {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 9, eTag: '*' } });
      assert.equal((await storage.read(['k'])).k.v, 9);
    } finally {
      await db.close();
    }
  });

  it('reads keys asked for at the same moment in one query, each caller with its own objects', async () => {
    const { db, storage } = await openStorage();
    try {
      const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`users/u${i}`, { n: i }]));
      await storage.write({ conversation: { lang: 'fa' }, user: { name: 'Sara' }, ...many });
      const queries: string[] = [];
      const all = db.all.bind(db);
      db.all = ((sql: string, params?: unknown[]) => (queries.push(sql), all(sql, params as never))) as typeof db.all;
      const [conversation, user, again, none] = await Promise.all([storage.read(['conversation']), storage.read(['user']), storage.read(['conversation']), storage.read(['missing'])]);
      assert.equal(queries.length, 1, queries.join('\n'));
      assert.deepEqual([conversation.conversation?.lang, user.user?.name, again.conversation?.lang, none], ['fa', 'Sara', 'fa', {}]);
      assert.notEqual(conversation.conversation, again.conversation, 'two readers of one key may change their copy');
      // Many keys at once take several queries, none of them with more parameters than an engine allows.
      const read = await storage.read(Object.keys(many));
      assert.deepEqual(Object.values(read).map((item) => item.n), Object.values(many).map((item) => item.n));
      // A read asked for later is a query of its own, and sees what was written in between.
      await storage.write({ conversation: { lang: 'ar' } });
      assert.equal((await storage.read(['conversation'])).conversation?.lang, 'ar');
    } finally {
      await db.close();
    }
  });

  it('deletes keys', async () => {
    const { db, storage } = await openStorage();
    try {
      await storage.write({ k: { v: 1 }, j: { v: 2 } });
      await storage.delete(['k']);
      assert.deepEqual(Object.keys(await storage.read(['k', 'j'])), ['j']);
    } finally {
      await db.close();
    }
  });
});

describe('DatabaseStorage on a SQLite file', () => {
  async function openStorage(file: string) {
    const db = await SqliteDatabase.open(file);
    await migrate(db);
    return { db, storage: new DatabaseStorage(db) };
  }
  const file = path.join(tempDir(), 'state.db');

  it('keeps state across a restart of the process (a reopened file)', async () => {
    const first = await openStorage(file);
    await first.storage.write({ 'webchat/users/u1': { profile: { lang: 'fa' } } });
    await first.db.close();
    const second = await openStorage(file);
    try {
      assert.deepEqual((await second.storage.read(['webchat/users/u1']))['webchat/users/u1'].profile, { lang: 'fa' });
    } finally {
      await second.db.close();
    }
  });
});
