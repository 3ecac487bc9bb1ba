import type { Queryable } from '../db/database';

/** Web chat transcripts of the built-in Direct Line, as its conversation store keeps them. */
export class WebChatPersonalData {
  constructor(private readonly db: Queryable) {}

  /** The user a conversation's token was issued to; undefined for a conversation not held here. */
  async ownerOf(conversationId: string): Promise<string | undefined> {
    return (await this.db.get<{ user_id: string }>('SELECT user_id FROM dl_conversations WHERE id = ?', [conversationId]))?.user_id;
  }

  /** Deletes a conversation and its messages, only if it belongs to `userId`. */
  async eraseOwned(conversationId: string, userId: string): Promise<{ conversations: number; messages: number }> {
    const owned = await this.db.get<{ n: number }>(
      'SELECT count(a.seq) AS n FROM dl_conversations c LEFT JOIN dl_activities a ON a.conversation_id = c.id WHERE c.id = ? AND c.user_id = ? GROUP BY c.id',
      [conversationId, userId],
    );
    if (!owned) return { conversations: 0, messages: 0 };
    const conversations = (await this.db.run('DELETE FROM dl_conversations WHERE id = ? AND user_id = ?', [conversationId, userId])).changes;
    return { conversations, messages: owned.n };
  }

  /**
   * Conversations idle since `idleBefore`, and those never started since `unusedBefore`: a token
   * not used within its lifetime (a day at most) never can be, and a client asking for tokens in
   * a loop would otherwise fill the disk for the whole retention period.
   */
  async expire(idleBefore: number, unusedBefore: number): Promise<number> {
    return (
      (await this.db.run('DELETE FROM dl_conversations WHERE updated_at < ?', [idleBefore])).changes +
      (await this.db.run('DELETE FROM dl_conversations WHERE started = 0 AND created_at < ?', [unusedBefore])).changes
    );
  }
}
