import type { Queryable } from '../db/database';

/**
 * What the bot remembers about newcomers (their settings, each conversation's memory), as the
 * state module stores it: under botbuilder's keys, which only this module knows.
 */
export class StatePersonalData {
  constructor(private readonly db: Queryable) {}

  /** A user's settings on a channel (their chosen language). */
  async eraseUser(channelId: string, userId: string): Promise<number> {
    return (await this.db.run('DELETE FROM bot_state WHERE key = ?', [`${channelId}/users/${userId}/`])).changes;
  }

  /** One conversation's memory (last question, offered buttons, transcript lines). */
  async eraseConversation(channelId: string, conversationId: string): Promise<number> {
    return (await this.db.run('DELETE FROM bot_state WHERE key = ?', [`${channelId}/conversations/${conversationId}/`])).changes;
  }

  /** Everything not written since `before` (ms). */
  async expire(before: number): Promise<number> {
    return (await this.db.run('DELETE FROM bot_state WHERE updated_at < ?', [before])).changes;
  }
}
