import type { Database } from '../db/database';

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
  const removed = await db.transaction(async (tx) => ({
    botState: (await tx.run('DELETE FROM bot_state WHERE updated_at < ?', [now - policy.stateDays * DAY])).changes,
    // A token that was never used to start its chat has expired after a day at most (the longest
    // token lifetime); its empty conversation would otherwise stay for the whole retention period,
    // and a client asking for tokens in a loop would fill the disk.
    webChats:
      (await tx.run('DELETE FROM dl_conversations WHERE updated_at < ?', [now - policy.directLineDays * DAY])).changes +
      (await tx.run('DELETE FROM dl_conversations WHERE started = 0 AND created_at < ?', [now - DAY])).changes,
    handoffs: (await tx.run(`DELETE FROM handoffs WHERE status = 'closed' AND closed_at < ?`, [now - policy.handoffDays * DAY])).changes,
    callbackContacts: (
      await tx.run(
        `UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = 'system', outcome = 'expired', contact = NULL, contact_kind = NULL
         WHERE status = 'callback' AND created_at < ?`,
        [now, now - policy.callbackDays * DAY],
      )
    ).changes,
    unanswered: (await tx.run('DELETE FROM unanswered_questions WHERE created_at < ?', [now - policy.unansweredDays * DAY])).changes,
  }));
  // Always, not only when this run deleted something: it also finishes an erasure's checkpoint
  // that could not empty the log at the time (another process was reading).
  await db.checkpoint();
  return removed;
}
