import type { Database, Queryable } from '../db/database';
import { WebChatPersonalData } from '../directline/webChatPersonalData';
import { HandoffPersonalData } from '../handoff/handoffPersonalData';
import { StatePersonalData } from '../state/statePersonalData';

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

/**
 * Asks each module holding personal data to delete this newcomer's part; none of their tables is
 * written here. Which conversations count as the newcomer's is decided here, once.
 */
async function erase(tx: Queryable, who: DataSubject): Promise<ErasedData> {
  const webChats = new WebChatPersonalData(tx);
  const state = new StatePersonalData(tx);
  const handoffs = new HandoffPersonalData(tx);
  const userKey = `${who.channelId}:${who.userId}`;
  const conversationKey = (id: string) => `${who.channelId}:${id}`;
  // A built-in web chat conversation belongs to the user its token was issued to; one issued to
  // someone else is not the requester's, whoever they say they are.
  const isTheirs = async (id: string) => {
    const owner = await webChats.ownerOf(id);
    return owner === undefined || owner === who.userId;
  };

  const conversationIds = new Set<string>();
  if (who.conversationId && (await isTheirs(who.conversationId))) conversationIds.add(who.conversationId);
  const handoffIds: string[] = [];
  if (CLIENT_NAMED_USERS.has(who.channelId)) {
    for (const id of conversationIds) handoffIds.push(...(await handoffs.inConversation(conversationKey(id), userKey)));
  } else {
    for (const h of await handoffs.ofUser(userKey)) {
      handoffIds.push(h.id);
      const id = h.conversationKey.slice(who.channelId.length + 1);
      if (await isTheirs(id)) conversationIds.add(id);
    }
  }

  let messages = 0;
  let conversations = 0;
  if (who.channelId === 'webchat') {
    for (const id of conversationIds) {
      const erased = await webChats.eraseOwned(id, who.userId);
      messages += erased.messages;
      conversations += erased.conversations;
    }
  }
  let settings = await state.eraseUser(who.channelId, who.userId);
  for (const id of conversationIds) settings += await state.eraseConversation(who.channelId, id);
  const handoffStats = await handoffs.erase(handoffIds);
  return {
    // A conversation on another channel has no transcript here, only memory: still one conversation.
    conversations: Math.max(conversations, conversationIds.size ? 1 : 0),
    messages,
    settings,
    handoffs: handoffStats.handoffs,
    handoffMessages: handoffStats.messages,
    contacts: handoffStats.contacts,
  };
}
