import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { isCategoryId } from '../catalogue/types';
import { isLang } from '../language/languages';
import type { Database, Queryable } from '../db/database';
import type {
  DeliveryChannel,
  Handoff,
  HandoffMessage,
  HandoffStatus,
  NewHandoff,
  Outcome,
  Sender,
  SystemOutcome,
  TranscriptLine,
} from './types';

interface HandoffRow {
  id: string;
  status: HandoffStatus;
  mode: 'console' | 'protocol';
  conversation_key: string;
  user_key: string;
  channel: DeliveryChannel;
  reference: string;
  language: string;
  topic: string | null;
  town_id: string | null;
  consent: number;
  transcript: string;
  contact_kind: 'phone' | 'email' | null;
  contact: string | null;
  created_at: number;
  accepted_at: number | null;
  closed_at: number | null;
  accepted_by: number | null;
  accepted_by_name: string | null;
  closed_by: string | null;
  outcome: string | null;
  feedback: 'helpful' | 'not-helpful' | null;
  timeout_offered: number;
}

interface MessageRow {
  id: number;
  sender: Sender;
  text: string;
  original: string | null;
  at: number;
  delivered: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toHandoff(row: HandoffRow): Handoff {
  return {
    id: row.id,
    status: row.status,
    mode: row.mode,
    language: isLang(row.language) ? row.language : 'de',
    topic: isCategoryId(row.topic) ? row.topic : null,
    town: row.town_id,
    consent: row.consent === 1,
    channelId: row.conversation_key.split(':')[0] ?? '',
    createdAt: iso(row.created_at)!,
    acceptedAt: iso(row.accepted_at),
    closedAt: iso(row.closed_at),
    acceptedBy: row.accepted_by,
    acceptedByName: row.accepted_by_name,
    closedBy: row.closed_by,
    outcome: row.outcome as Outcome | SystemOutcome | null,
    feedback: row.feedback,
    contact: row.contact_kind && row.contact ? { kind: row.contact_kind, value: row.contact } : null,
  };
}

const toMessage = (row: MessageRow): HandoffMessage => ({
  id: row.id,
  from: row.sender,
  text: row.text,
  original: row.original,
  at: iso(row.at)!,
  delivered: row.delivered === 1,
});

const SELECT = `SELECT h.*, u.display_name AS accepted_by_name FROM handoffs h LEFT JOIN users u ON u.id = h.accepted_by`;

/** The queue's rows. State changes are conditional UPDATEs so two advisors cannot both win. */
export class HandoffRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async create(input: NewHandoff): Promise<Handoff> {
    const id = randomUUID();
    await this.db.run(
      `INSERT INTO handoffs (id, status, mode, conversation_key, user_key, channel, reference, language, topic, town_id, consent,
         transcript, contact_kind, contact, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        input.status,
        input.mode,
        input.conversationKey,
        input.userKey,
        input.channel,
        JSON.stringify(input.reference),
        input.language,
        input.topic,
        input.town,
        input.consent ? 1 : 0,
        // Without consent the chat so far is not stored at all, not merely hidden.
        JSON.stringify(input.consent ? input.transcript : []),
        input.contact?.kind ?? null,
        input.contact?.value ?? null,
        this.now(),
      ],
    );
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Handoff | null> {
    const row = await this.db.get<HandoffRow>(`${SELECT} WHERE h.id = ?`, [id]);
    return row ? toHandoff(row) : null;
  }

  /** The waiting or active handoff of a conversation, if any: while it exists, the bot is silent. */
  async openFor(conversationKey: string): Promise<Handoff | null> {
    const row = await this.db.get<HandoffRow>(
      `${SELECT} WHERE h.conversation_key = ? AND h.status IN ('waiting', 'active') ORDER BY h.created_at DESC LIMIT 1`,
      [conversationKey],
    );
    return row ? toHandoff(row) : null;
  }

  async list(status: HandoffStatus, limit = 200): Promise<Handoff[]> {
    const order = status === 'closed' ? 'h.closed_at DESC' : 'h.created_at ASC';
    return (await this.db.all<HandoffRow>(`${SELECT} WHERE h.status = ? ORDER BY ${order} LIMIT ?`, [status, limit])).map(toHandoff);
  }

  async count(status: HandoffStatus): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM handoffs WHERE status = ?', [status]))!.n;
  }

  /** 1 for the oldest waiting request. */
  async position(id: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM handoffs WHERE status = 'waiting' AND created_at <= (SELECT created_at FROM handoffs WHERE id = ?)`,
      [id],
    );
    return row?.n ?? 0;
  }

  /** Seconds from request to acceptance of the most recent accepted handoffs (for an honest estimate). */
  async recentWaits(sinceMs: number, limit = 20): Promise<number[]> {
    const rows = await this.db.all<{ wait: number }>(
      `SELECT (accepted_at - created_at) / 1000 AS wait FROM handoffs
       WHERE accepted_at IS NOT NULL AND created_at >= ? ORDER BY accepted_at DESC LIMIT ?`,
      [sinceMs, limit],
    );
    return rows.map((r) => r.wait);
  }

  reference(id: string): Promise<{ channel: DeliveryChannel; reference: Partial<ConversationReference> } | null> {
    return this.db
      .get<{ channel: DeliveryChannel; reference: string }>('SELECT channel, reference FROM handoffs WHERE id = ?', [id])
      .then((r) => (r ? { channel: r.channel, reference: JSON.parse(r.reference) as Partial<ConversationReference> } : null));
  }

  /** Whose handoff it is (channel, user, conversation), for erasure on request. */
  async subject(id: string): Promise<{ channelId: string; userId: string; conversationId: string } | null> {
    const row = await this.db.get<{ user_key: string; conversation_key: string }>('SELECT user_key, conversation_key FROM handoffs WHERE id = ?', [id]);
    if (!row) return null;
    const cut = (key: string) => [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] as const;
    const [channelId, userId] = cut(row.user_key);
    return { channelId, userId, conversationId: cut(row.conversation_key)[1] };
  }

  async transcript(id: string): Promise<TranscriptLine[]> {
    const row = await this.db.get<{ transcript: string; consent: number }>('SELECT transcript, consent FROM handoffs WHERE id = ?', [id]);
    return row && row.consent === 1 ? (JSON.parse(row.transcript) as TranscriptLine[]) : [];
  }

  /** Exactly one caller wins: the UPDATE only matches while the request is still waiting. */
  async accept(id: string, advisorId: number): Promise<boolean> {
    const r = await this.db.run(`UPDATE handoffs SET status = 'active', accepted_by = ?, accepted_at = ? WHERE id = ? AND status = 'waiting'`, [
      advisorId,
      this.now(),
      id,
    ]);
    return r.changes === 1;
  }

  /** Marks an accepted handoff active without an advisor account (an external hub took it). */
  async activateByHub(id: string): Promise<boolean> {
    const r = await this.db.run(`UPDATE handoffs SET status = 'active', accepted_at = ? WHERE id = ? AND status = 'waiting'`, [this.now(), id]);
    return r.changes === 1;
  }

  async close(id: string, from: HandoffStatus[], closedBy: string, outcome: Outcome | SystemOutcome): Promise<boolean> {
    const r = await this.db.run(
      // A callback contact is kept only until the call is done.
      `UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = ?, outcome = ?, contact_kind = NULL, contact = NULL
       WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
      [this.now(), closedBy, outcome, id, ...from],
    );
    return r.changes === 1;
  }

  /** The advisor's outcome for a chat the newcomer ended; true when it was one. */
  async recordOutcome(id: string, advisorId: number, outcome: Outcome): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE handoffs SET outcome = ? WHERE id = ? AND status = 'closed' AND outcome = 'ended-by-newcomer' AND accepted_by = ?`,
      [outcome, id, advisorId],
    );
    return r.changes === 1;
  }

  /** A waiting request nobody took becomes a callback once the newcomer leaves a contact. */
  async toCallback(id: string, contact: { kind: 'phone' | 'email'; value: string }): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE handoffs SET status = 'callback', contact_kind = ?, contact = ? WHERE id = ? AND status = 'waiting'`,
      [contact.kind, contact.value, id],
    );
    return r.changes === 1;
  }

  async setFeedback(id: string, feedback: 'helpful' | 'not-helpful'): Promise<boolean> {
    const r = await this.db.run(`UPDATE handoffs SET feedback = ? WHERE id = ? AND status = 'closed'`, [feedback, id]);
    return r.changes === 1;
  }

  async markTimeoutOffered(id: string): Promise<boolean> {
    const r = await this.db.run(`UPDATE handoffs SET timeout_offered = 1 WHERE id = ? AND status = 'waiting' AND timeout_offered = 0`, [id]);
    return r.changes === 1;
  }

  /** Waiting requests older than `beforeMs` whose newcomer has not yet been offered a callback. */
  async waitingUnoffered(beforeMs: number): Promise<Handoff[]> {
    return (
      await this.db.all<HandoffRow>(`${SELECT} WHERE h.status = 'waiting' AND h.timeout_offered = 0 AND h.mode = 'console' AND h.created_at < ?`, [
        beforeMs,
      ])
    ).map(toHandoff);
  }

  /** Open handoffs with no activity since `beforeMs` (an abandoned request or chat). */
  async stale(beforeMs: number): Promise<Handoff[]> {
    return (
      await this.db.all<HandoffRow>(
        `${SELECT} WHERE h.status IN ('waiting', 'active')
           AND h.created_at < ? AND coalesce(h.accepted_at, 0) < ?
           AND NOT EXISTS (SELECT 1 FROM handoff_messages m WHERE m.handoff_id = h.id AND m.at >= ?)`,
        [beforeMs, beforeMs, beforeMs],
      )
    ).map(toHandoff);
  }

  async addMessage(
    handoffId: string,
    message: { from: Sender; text: string; original?: string | null; advisorId?: number | null; delivered?: boolean },
    db: Queryable = this.db,
  ): Promise<HandoffMessage> {
    const at = this.now();
    const r = await db.runReturning<{ id: number }>(
      `INSERT INTO handoff_messages (handoff_id, sender, text, original, advisor_id, at, delivered) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [handoffId, message.from, message.text, message.original ?? null, message.advisorId ?? null, at, message.delivered === false ? 0 : 1],
    );
    return { id: r!.id, from: message.from, text: message.text, original: message.original ?? null, at: iso(at)!, delivered: message.delivered !== false };
  }

  async setDelivered(messageId: number, delivered: boolean): Promise<void> {
    await this.db.run('UPDATE handoff_messages SET delivered = ? WHERE id = ?', [delivered ? 1 : 0, messageId]);
  }

  async message(id: number): Promise<HandoffMessage | null> {
    const row = await this.db.get<MessageRow>('SELECT * FROM handoff_messages WHERE id = ?', [id]);
    return row ? toMessage(row) : null;
  }

  async messages(handoffId: string): Promise<HandoffMessage[]> {
    return (await this.db.all<MessageRow>('SELECT * FROM handoff_messages WHERE handoff_id = ? ORDER BY id', [handoffId])).map(toMessage);
  }

  async userMessageCount(handoffId: string): Promise<number> {
    return (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM handoff_messages WHERE handoff_id = ? AND sender = 'user'`, [handoffId]))!.n;
  }
}
