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
 * Direct Line channels, where the client names its own user id (our built-in service issues
 * random ones, but Azure's lets a token without a bound user speak as anyone). There, a user id
 * proves nothing, so erasure reaches only the conversation the request came from; on channels
 * that vouch for their users (Teams, Telegram) it reaches everything of that user.
 */
const CLIENT_NAMED_USERS = new Set(['webchat', 'directline', 'emulator']);

/**
 * Deletes everything stored about one newcomer: conversation memory and settings, web chat
 * transcripts, handoffs with their messages and callback contacts. Other newcomers' rows are
 * untouched; the anonymous demand events hold nothing that points to anyone. Afterwards the
 * write-ahead log is emptied, so no copy of the deleted pages stays behind in it.
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
  // The rows are gone either way; a log that cannot be emptied now is emptied by the next
  // retention run, and a failure here must not make the turn fail and write state back.
  if (!options.dryRun) await db.checkpoint().catch(() => false);
  return counted!;
}

const ROLLBACK = Symbol('rollback');

async function erase(tx: Queryable, who: DataSubject): Promise<ErasedData> {
  const userKey = `${who.channelId}:${who.userId}`;
  const conversationKey = (id: string) => `${who.channelId}:${id}`;
  const byConversation = CLIENT_NAMED_USERS.has(who.channelId);
  // A built-in web chat conversation belongs to the user its token was issued to; one issued to
  // someone else is not the requester's, whoever they say they are.
  const ownerOf = async (id: string) => (await tx.get<{ user_id: string }>('SELECT user_id FROM dl_conversations WHERE id = ?', [id]))?.user_id;
  const isTheirs = async (id: string) => {
    const owner = await ownerOf(id);
    return owner === undefined || owner === who.userId;
  };

  const conversationIds = new Set<string>();
  if (who.conversationId && (await isTheirs(who.conversationId))) conversationIds.add(who.conversationId);
  const handoffIds: string[] = [];
  if (byConversation) {
    for (const id of conversationIds) {
      const rows = await tx.all<{ id: string }>('SELECT id FROM handoffs WHERE conversation_key = ? AND user_key = ?', [conversationKey(id), userKey]);
      handoffIds.push(...rows.map((r) => r.id));
    }
  } else {
    for (const h of await tx.all<{ id: string; conversation_key: string }>('SELECT id, conversation_key FROM handoffs WHERE user_key = ?', [userKey])) {
      handoffIds.push(h.id);
      const id = h.conversation_key.slice(who.channelId.length + 1);
      if (await isTheirs(id)) conversationIds.add(id);
    }
  }

  let messages = 0;
  let conversations = 0;
  if (who.channelId === 'webchat') {
    for (const id of conversationIds) {
      const owned = await tx.get<{ n: number }>(
        'SELECT count(a.seq) AS n FROM dl_conversations c LEFT JOIN dl_activities a ON a.conversation_id = c.id WHERE c.id = ? AND c.user_id = ? GROUP BY c.id',
        [id, who.userId],
      );
      if (!owned) continue;
      messages += owned.n;
      conversations += (await tx.run('DELETE FROM dl_conversations WHERE id = ? AND user_id = ?', [id, who.userId])).changes;
    }
  }
  let settings = (await tx.run('DELETE FROM bot_state WHERE key = ?', [`${who.channelId}/users/${who.userId}/`])).changes;
  for (const id of conversationIds) settings += (await tx.run('DELETE FROM bot_state WHERE key = ?', [`${who.channelId}/conversations/${id}/`])).changes;

  let handoffMessages = 0;
  let contacts = 0;
  for (const id of handoffIds) {
    const stats = await tx.get<{ m: number; c: number }>(
      'SELECT (SELECT count(*) FROM handoff_messages m WHERE m.handoff_id = h.id) AS m, (h.contact IS NOT NULL) AS c FROM handoffs h WHERE h.id = ?',
      [id],
    );
    handoffMessages += stats?.m ?? 0;
    contacts += stats?.c ?? 0;
    await tx.run('DELETE FROM handoffs WHERE id = ?', [id]);
  }
  return {
    // A conversation on another channel has no transcript here, only memory: still one conversation.
    conversations: Math.max(conversations, conversationIds.size ? 1 : 0),
    messages,
    settings,
    handoffs: handoffIds.length,
    handoffMessages,
    contacts,
  };
}
