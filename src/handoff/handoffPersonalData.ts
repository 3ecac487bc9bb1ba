import type { Queryable } from '../db/database';

/** Handoffs as the queue keeps them: transcript, messages and callback contacts. */
export class HandoffPersonalData {
  constructor(private readonly db: Queryable) {}

  /** The handoffs of one user in one conversation (keys as `channel:id`). */
  async inConversation(conversationKey: string, userKey: string): Promise<string[]> {
    return (await this.db.all<{ id: string }>('SELECT id FROM handoffs WHERE conversation_key = ? AND user_key = ?', [conversationKey, userKey])).map((r) => r.id);
  }

  /** Every handoff of one user, with the conversation each came from. */
  async ofUser(userKey: string): Promise<{ id: string; conversationKey: string }[]> {
    return (await this.db.all<{ id: string; conversation_key: string }>('SELECT id, conversation_key FROM handoffs WHERE user_key = ?', [userKey])).map((r) => ({
      id: r.id,
      conversationKey: r.conversation_key,
    }));
  }

  /** Deletes handoffs with their messages (cascade), counting what went. */
  async erase(ids: readonly string[]): Promise<{ handoffs: number; messages: number; contacts: number }> {
    let messages = 0;
    let contacts = 0;
    let handoffs = 0;
    for (const id of ids) {
      const stats = await this.db.get<{ m: number; c: number }>(
        'SELECT (SELECT count(*) FROM handoff_messages m WHERE m.handoff_id = h.id) AS m, (h.contact IS NOT NULL) AS c FROM handoffs h WHERE h.id = ?',
        [id],
      );
      messages += stats?.m ?? 0;
      contacts += stats?.c ?? 0;
      handoffs += (await this.db.run('DELETE FROM handoffs WHERE id = ?', [id])).changes;
    }
    return { handoffs, messages, contacts };
  }

  /** Closed handoffs closed before `closedBefore`. */
  async expireClosed(closedBefore: number): Promise<number> {
    return (await this.db.run(`DELETE FROM handoffs WHERE status = 'closed' AND closed_at < ?`, [closedBefore])).changes;
  }

  /** Callback requests nobody called back since `requestedBefore`: closed, their contact deleted. */
  async expireCallbacks(requestedBefore: number, now: number): Promise<number> {
    return (
      await this.db.run(
        `UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = 'system', outcome = 'expired', contact = NULL, contact_kind = NULL
         WHERE status = 'callback' AND created_at < ?`,
        [now, requestedBefore],
      )
    ).changes;
  }
}
