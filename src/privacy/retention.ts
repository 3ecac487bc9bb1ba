import type { Database } from '../db/database';
import { expireUnanswered } from '../catalogue/unanswered';
import { WebChatPersonalData } from '../directline/webChatPersonalData';
import { HandoffPersonalData } from '../handoff/handoffPersonalData';
import { StatePersonalData } from '../state/statePersonalData';

/** How long each kind of personal data is kept, in days (configurable, see README). */
export interface RetentionPolicy {
  /** Conversation memory and user settings (language) after the last message. */
  stateDays: number;
  /** Web chat conversations and their messages after the last activity. */
  directLineDays: number;
  /** Closed handoffs with transcript and messages after closing. */
  handoffDays: number;
  /** Callback contacts not yet called back. */
  callbackDays: number;
  /** Scrubbed texts of questions that found nothing. */
  unansweredDays: number;
}

export interface RetentionResult {
  botState: number;
  webChats: number;
  handoffs: number;
  callbackContacts: number;
  unanswered: number;
}

const DAY = 86_400_000;

/**
 * Deletes what is older than its period and nothing else, then empties the write-ahead log so
 * the deleted pages leave no copy there. Runs at start and every six hours; the anonymous demand
 * events are not personal data and stay for the report.
 */
export async function enforceRetention(db: Database, policy: RetentionPolicy, now: number = Date.now()): Promise<RetentionResult> {
  // Each module deletes its own rows; this only knows how long each kind of data may stay.
  const removed = await db.transaction(async (tx) => {
    const handoffs = new HandoffPersonalData(tx);
    return {
      botState: await new StatePersonalData(tx).expire(now - policy.stateDays * DAY),
      webChats: await new WebChatPersonalData(tx).expire(now - policy.directLineDays * DAY, now - DAY),
      handoffs: await handoffs.expireClosed(now - policy.handoffDays * DAY),
      callbackContacts: await handoffs.expireCallbacks(now - policy.callbackDays * DAY, now),
      unanswered: await expireUnanswered(tx, now - policy.unansweredDays * DAY),
    };
  });
  // Always, not only when this run deleted something: it also finishes an erasure's checkpoint
  // that could not empty the log at the time (another process was reading).
  await db.checkpoint();
  return removed;
}
