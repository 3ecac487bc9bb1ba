import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { readJson, storedJson, writeJson } from './stateJson';
import type { Database } from '../db/database';

/** Thrown when a write carries an eTag that no longer matches: someone else saved first. */
export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    super(`eTag conflict for state key ${key}`);
    this.name = 'StorageConflictError';
  }
}

interface StateRow {
  value: string;
  etag: string;
}

/** Few statements of different lengths to prepare, and well below any engine's parameter limit. */
const MAX_KEYS_PER_READ = 50;

/**
 * Bot Framework state in the same database as the catalogue, so conversation and user state
 * survive a restart. Semantics follow MemoryStorage: a write with a stale eTag is rejected,
 * '*' or no eTag always wins.
 */
export class DatabaseStorage implements Storage {
  /** Keys asked for in the current round of callbacks, read together once it is over. */
  private batch?: { keys: Set<string>; rows: Promise<Map<string, StateRow>> };

  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    const rows = await this.rowsOf(keys);
    const items: StoreItems = {};
    for (const key of keys) {
      const row = rows.get(key);
      if (!row) continue;
      // Each caller gets its own object: two reads of one key must not share one state.
      const item = JSON.parse(row.value) as StoreItem;
      readJson.give(item, row.value);
      item.eTag = row.etag;
      items[key] = item;
    }
    return items;
  }

  /**
   * A turn loads its conversation's and its newcomer's state at the same moment; reads asked for
   * before the current round of callbacks ends go to the database as one query, not one each.
   * A round trip to the database's thread costs the main thread more than the query does.
   */
  private rowsOf(keys: readonly string[]): Promise<Map<string, StateRow>> {
    let batch = this.batch;
    if (!batch) {
      const pending = new Set<string>();
      batch = this.batch = {
        keys: pending,
        rows: new Promise((resolve, reject) =>
          // After the promise callbacks now queued, which is where the other reads are asked for.
          process.nextTick(() => {
            if (this.batch?.keys === pending) this.batch = undefined;
            this.readRows([...pending]).then(resolve, reject);
          }),
        ),
      };
    }
    for (const key of keys) batch.keys.add(key);
    return batch.rows;
  }

  private async readRows(keys: string[]): Promise<Map<string, StateRow>> {
    const rows = new Map<string, StateRow>();
    for (let i = 0; i < keys.length; i += MAX_KEYS_PER_READ) {
      const some = keys.slice(i, i + MAX_KEYS_PER_READ);
      const found = await this.db.all<StateRow & { key: string }>(`SELECT key, value, etag FROM bot_state WHERE key IN (${some.map(() => '?').join(', ')})`, some);
      for (const { key, value, etag } of found) rows.set(key, { value, etag });
    }
    return rows;
  }

  /**
   * One statement per key in the usual case, not a transaction: every turn writes state, and a
   * transaction holds the database's write lock across several round trips, which made
   * concurrent conversations queue behind each other.
   */
  async write(changes: StoreItems): Promise<void> {
    // Every item's JSON now, before the first await: the caller may change them afterwards.
    const rows = Object.entries(changes).map(([key, item = {}]) => {
      const { eTag } = item as StoreItem;
      return { key, eTag, row: [key, writeJson.take(item as object) ?? storedJson(item as StoreItem), randomUUID(), Date.now()] };
    });
    for (const { key, eTag, row } of rows) {
      if (!eTag || eTag === '*') {
        await this.db.run(
          `INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at`,
          row,
        );
        continue;
      }
      const updated = await this.db.run('UPDATE bot_state SET value = ?, etag = ?, updated_at = ? WHERE key = ? AND etag = ?', [
        row[1]!,
        row[2]!,
        row[3]!,
        key,
        eTag,
      ]);
      if (updated.changes > 0) continue;
      // Like MemoryStorage: an item that no longer exists is simply written again; one that
      // exists with another eTag was saved by someone else first.
      const inserted = await this.db.run('INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING', row);
      if (inserted.changes === 0) throw new StorageConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const key of keys) await tx.run('DELETE FROM bot_state WHERE key = ?', [key]);
    });
  }
}
