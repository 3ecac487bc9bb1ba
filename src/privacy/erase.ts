import type { Database, Queryable } from '../db/database';

export interface ErasedData {
  conversations: number;
  messages: number;
  settings: number;
  handoffs: number;
  handoffMessages: number;
  contacts: number;
}

/** Who to erase: a channel user, and the conversation they are in now. */
export interface DataSubject {
  channelId: string;
  userId: string;
  conversationId?: string;
}

/**
 * Deletes everything stored about one newcomer: conversation memory and settings, web chat
 * transcripts, handoffs with their messages and callback contacts. Other newcomers' rows are
 * untouched; the anonymous demand events hold nothing that points to anyone.
 */
export async function eraseUser(db: Database, who: DataSubject, options: { dryRun?: boolean } = {}): Promise<ErasedData> {
  let counted: ErasedData | undefined;
  try {
    await db.transaction(async (tx) => {
      counted = await erase(tx, who);
      // A dry run counts inside the same transaction and rolls it back.
      if (options.dryRun) throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return counted!;
}

const ROLLBACK = Symbol('rollback');

async function erase(tx: Queryable, who: DataSubject): Promise<ErasedData> {
  {
    const userKey = `${who.channelId}:${who.userId}`;
    const conversationIds = new Set<string>(who.conversationId ? [who.conversationId] : []);
    for (const h of await tx.all<{ conversation_key: string }>('SELECT conversation_key FROM handoffs WHERE user_key = ?', [userKey])) {
      conversationIds.add(h.conversation_key.slice(who.channelId.length + 1));
    }
    let messages = 0;
    let conversations = 0;
    if (who.channelId === 'webchat') {
      const chats = await tx.all<{ id: string }>('SELECT id FROM dl_conversations WHERE user_id = ?', [who.userId]);
      for (const c of chats) {
        conversationIds.add(c.id);
        messages += (await tx.get<{ n: number }>('SELECT count(*) AS n FROM dl_activities WHERE conversation_id = ?', [c.id]))!.n;
      }
      conversations = (await tx.run('DELETE FROM dl_conversations WHERE user_id = ?', [who.userId])).changes;
    }
    let settings = (await tx.run('DELETE FROM bot_state WHERE key = ?', [`${who.channelId}/users/${who.userId}/`])).changes;
    for (const id of conversationIds) settings += (await tx.run('DELETE FROM bot_state WHERE key = ?', [`${who.channelId}/conversations/${id}/`])).changes;
    const handoffStats = await tx.get<{ n: number; m: number; c: number }>(
      `SELECT count(*) AS n, coalesce(sum((SELECT count(*) FROM handoff_messages m WHERE m.handoff_id = h.id)), 0) AS m,
              coalesce(sum(h.contact IS NOT NULL), 0) AS c
       FROM handoffs h WHERE h.user_key = ?`,
      [userKey],
    );
    await tx.run('DELETE FROM handoffs WHERE user_key = ?', [userKey]);
    return {
      conversations: Math.max(conversations, conversationIds.size ? 1 : 0),
      messages,
      settings,
      handoffs: handoffStats!.n,
      handoffMessages: handoffStats!.m,
      contacts: handoffStats!.c,
    };
  }
}
