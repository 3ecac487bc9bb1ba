import type { Activity } from 'botbuilder';
import type { Database, Queryable } from '../db/database';

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
  /** The last append per conversation, for the next one to wait on. */
  private readonly appending = new Map<string, Promise<unknown>>();

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

  /**
   * Appends an activity, giving it the next sequence number and, unless it has one, an id. Two
   * statements, not an exclusive transaction (each turn appends twice, and such a transaction
   * holds every other write back). Appends to one conversation run one after the other here; on
   * PostgreSQL the two statements are also one atomic step, whose lock on the conversation's row
   * makes another instance's append wait for this one's commit. Either way a reader never sees
   * number n+1 before n exists. A crash between the statements on SQLite leaves a gap in the
   * numbers, which watermarks skip.
   */
  append(conversationId: string, activity: Partial<Activity>): Promise<{ activity: Partial<Activity>; seq: number }> {
    const previous = this.appending.get(conversationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.appendNow(conversationId, activity));
    const settled = next.catch(() => undefined);
    this.appending.set(conversationId, settled);
    void settled.then(() => {
      if (this.appending.get(conversationId) === settled) this.appending.delete(conversationId);
    });
    return next;
  }

  private appendNow(conversationId: string, activity: Partial<Activity>): Promise<{ activity: Partial<Activity>; seq: number }> {
    return this.db.atomic((q) => this.appendWith(q, conversationId, activity));
  }

  private async appendWith(q: Queryable, conversationId: string, activity: Partial<Activity>): Promise<{ activity: Partial<Activity>; seq: number }> {
    const row = await q.runReturning<{ seq: number }>(
      'UPDATE dl_conversations SET next_seq = next_seq + 1, updated_at = ? WHERE id = ? RETURNING next_seq - 1 AS seq',
      [Date.now(), conversationId],
    );
    if (!row) throw new Error(`unknown conversation ${conversationId}`);
    const seq = row.seq;
    const stored = { ...activity, id: activity.id ?? `${conversationId}|${String(seq).padStart(7, '0')}` };
    await q.run('INSERT INTO dl_activities (conversation_id, seq, id, json) VALUES (?, ?, ?, ?)', [conversationId, seq, stored.id, JSON.stringify(stored)]);
    return { activity: stored, seq };
  }

  /** Marks the conversation started; true only the first time, so the welcome is sent once. */
  async markStarted(id: string, locale: string | null): Promise<boolean> {
    const result = await this.db.run('UPDATE dl_conversations SET started = 1, locale = COALESCE(?, locale) WHERE id = ? AND started = 0', [locale, id]);
    return result.changes === 1;
  }

  async hasActivity(conversationId: string, id: string): Promise<boolean> {
    return !!(await this.db.get('SELECT 1 AS x FROM dl_activities WHERE conversation_id = ? AND id = ?', [conversationId, id]));
  }

  /** One stored activity by its sequence number. */
  async at(conversationId: string, seq: number): Promise<Partial<Activity> | undefined> {
    const row = await this.db.get<{ json: string }>('SELECT json FROM dl_activities WHERE conversation_id = ? AND seq = ?', [conversationId, seq]);
    return row ? (JSON.parse(row.json) as Partial<Activity>) : undefined;
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
}

/** The signing key for tokens, created once and kept in the settings table. */
export async function tokenKey(db: Database, make: () => Buffer): Promise<Buffer> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'directline.tokenKey'");
  if (row) return Buffer.from(row.value, 'base64');
  const key = make();
  await db.run("INSERT INTO settings (key, value) VALUES ('directline.tokenKey', ?) ON CONFLICT (key) DO NOTHING", [key.toString('base64')]);
  const stored = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'directline.tokenKey'");
  return Buffer.from(stored!.value, 'base64');
}
