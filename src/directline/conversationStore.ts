import type { Activity } from 'botbuilder';
import type { Database } from '../db/database';

export interface StoredConversation {
  id: string;
  userId: string;
  locale: string | null;
}

/**
 * Direct Line conversations and their activities in SQLite, so a reloaded page or a restarted
 * server continues where it was. The watermark is the per-conversation sequence number.
 */
export class ConversationStore {
  constructor(private readonly db: Database) {}

  async get(id: string): Promise<StoredConversation | undefined> {
    const row = await this.db.get<{ id: string; user_id: string; locale: string | null }>(
      'SELECT id, user_id, locale FROM dl_conversations WHERE id = ?',
      [id],
    );
    return row && { id: row.id, userId: row.user_id, locale: row.locale };
  }

  async create(id: string, userId: string, locale: string | null): Promise<void> {
    const now = Date.now();
    await this.db.run('INSERT INTO dl_conversations (id, user_id, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
      id,
      userId,
      locale,
      now,
      now,
    ]);
  }

  /** Appends an activity, giving it the next sequence number and, unless it has one, an id. */
  async append(conversationId: string, activity: Partial<Activity>): Promise<{ activity: Partial<Activity>; seq: number }> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ next_seq: number }>('SELECT next_seq FROM dl_conversations WHERE id = ?', [conversationId]);
      if (!row) throw new Error(`unknown conversation ${conversationId}`);
      const seq = row.next_seq;
      const stored = { ...activity, id: activity.id ?? `${conversationId}|${String(seq).padStart(7, '0')}` };
      await tx.run('INSERT INTO dl_activities (conversation_id, seq, id, json) VALUES (?, ?, ?, ?)', [
        conversationId,
        seq,
        stored.id,
        JSON.stringify(stored),
      ]);
      await tx.run('UPDATE dl_conversations SET next_seq = ?, updated_at = ? WHERE id = ?', [seq + 1, Date.now(), conversationId]);
      return { activity: stored, seq };
    });
  }

  /** Marks the conversation started; true only the first time, so the welcome is sent once. */
  async markStarted(id: string, locale: string | null): Promise<boolean> {
    const result = await this.db.run('UPDATE dl_conversations SET started = 1, locale = COALESCE(?, locale) WHERE id = ? AND started = 0', [locale, id]);
    return result.changes === 1;
  }

  async hasActivity(conversationId: string, id: string): Promise<boolean> {
    return !!(await this.db.get('SELECT 1 AS x FROM dl_activities WHERE conversation_id = ? AND id = ?', [conversationId, id]));
  }

  /** Activities after the watermark (exclusive), oldest first, and the new watermark. */
  async since(conversationId: string, watermark: number | null, limit = 500): Promise<{ activities: Partial<Activity>[]; watermark: number | null }> {
    const rows = await this.db.all<{ seq: number; json: string }>(
      'SELECT seq, json FROM dl_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [conversationId, watermark ?? -1, limit],
    );
    const last = rows.at(-1)?.seq ?? watermark;
    return { activities: rows.map((r) => JSON.parse(r.json) as Partial<Activity>), watermark: last ?? null };
  }

  /** Deletes conversations untouched for longer than the retention period; returns how many. */
  async deleteOlderThan(cutoffMs: number): Promise<number> {
    const result = await this.db.run('DELETE FROM dl_conversations WHERE updated_at < ?', [cutoffMs]);
    return result.changes;
  }
}

/** The signing key for tokens, created once and kept in the settings table. */
export async function tokenKey(db: Database, make: () => Buffer): Promise<Buffer> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'directline.tokenKey'");
  if (row) return Buffer.from(row.value, 'base64');
  const key = make();
  await db.run("INSERT OR IGNORE INTO settings (key, value) VALUES ('directline.tokenKey', ?)", [key.toString('base64')]);
  const stored = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'directline.tokenKey'");
  return Buffer.from(stored!.value, 'base64');
}
