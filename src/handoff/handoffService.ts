import type { AuditLog } from '../audit/auditLog';
import type { User } from '../auth/users';
import type { Lang } from '../language/languages';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import type { HandoffEvents } from './events';
import type { HandoffRepository } from './handoffRepository';
import type { MachineTranslator } from './machineTranslation';
import type { OpeningHours } from './openingHours';
import type { Translator } from '../language/i18n';
import { isPhraseId } from './phrasebook';
import type { Handoff, HandoffMessage, HandoffStatus, NewHandoff, Outcome, TranscriptLine } from './types';

/** What reaches the newcomer from outside a turn (proactively, through the stored reference). */
export interface NewcomerNotifier {
  accepted(handoff: Handoff): Promise<void>;
  advisorMessage(handoff: Handoff, text: string): Promise<void>;
  closed(handoff: Handoff): Promise<void>;
  callbackOffer(handoff: Handoff): Promise<void>;
}

export interface HandoffSettings {
  mode: 'console' | 'protocol';
  /** Minutes a request may wait before the newcomer is offered a callback. */
  acceptTimeoutMinutes: number;
  /** Hours without any activity after which an open request or chat is closed as expired. */
  staleHours: number;
}

export interface Availability {
  open: boolean;
  advisorsOnline: number;
}

export interface QueueConfirmation {
  handoff: Handoff;
  position: number;
  /** Median minutes to acceptance recently, or null when there is not enough history to say. */
  estimateMinutes: number | null;
  advisorsOnline: number;
}

export interface HandoffDetail extends Handoff {
  transcript: TranscriptLine[];
  messages: HandoffMessage[];
}

export type AdvisorReply = { text: string } | { phrase: string };

const ESTIMATE_WINDOW_MS = 30 * 86_400_000;

/** Staff read German: a handoff's status as a word in their messages. */
const STATUS_WORDS: Record<HandoffStatus, string> = { waiting: 'wartend', active: 'aktiv', callback: 'ein Rückruf', closed: 'abgeschlossen' };

/**
 * The handoff queue's rules: who may take, write to and close a conversation, what the newcomer
 * is told, and what happens when nobody answers. Storage, delivery and events come in.
 */
export class HandoffService {
  constructor(
    private readonly deps: {
      repository: HandoffRepository;
      audit: AuditLog;
      events: HandoffEvents;
      hours: OpeningHours;
      translator: Translator;
      machineTranslation: MachineTranslator;
      notifier: NewcomerNotifier;
      settings: HandoffSettings;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  get settings(): HandoffSettings {
    return this.deps.settings;
  }

  get hours(): OpeningHours {
    return this.deps.hours;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  availability(): Availability {
    return { open: this.deps.hours.isOpen(new Date(this.now())), advisorsOnline: this.deps.events.advisorsOnline };
  }

  openFor(conversationKey: string): Promise<Handoff | null> {
    return this.deps.repository.openFor(conversationKey);
  }

  get(id: string): Promise<Handoff | null> {
    return this.deps.repository.get(id);
  }

  /** Puts a newcomer in the queue and says where they stand. */
  async enqueue(input: Omit<NewHandoff, 'status' | 'mode'>): Promise<QueueConfirmation> {
    const handoff = await this.deps.repository.create({ ...input, status: 'waiting', mode: this.deps.settings.mode });
    this.deps.events.publish({ type: 'handoff', handoff });
    this.deps.logger.info({ handoff: handoff.id, lang: handoff.language, topic: handoff.topic }, 'handoff requested');
    return {
      handoff,
      position: await this.deps.repository.position(handoff.id),
      estimateMinutes: await this.estimateMinutes(),
      advisorsOnline: this.deps.events.advisorsOnline,
    };
  }

  /** Out of hours or after waiting too long: a contact for advisors to call back. */
  async requestCallback(
    input: Omit<NewHandoff, 'status' | 'mode' | 'contact'>,
    contact: { kind: 'phone' | 'email'; value: string },
    waitingId?: string,
  ): Promise<Handoff> {
    if (waitingId && (await this.deps.repository.toCallback(waitingId, contact))) {
      const moved = (await this.deps.repository.get(waitingId))!;
      this.deps.events.publish({ type: 'handoff', handoff: moved });
      return moved;
    }
    const handoff = await this.deps.repository.create({ ...input, status: 'callback', mode: 'console', contact });
    this.deps.events.publish({ type: 'handoff', handoff });
    this.deps.logger.info({ handoff: handoff.id, lang: handoff.language }, 'callback requested');
    return handoff;
  }

  /** The median of recent waits, rounded up; honest only with a few data points. */
  async estimateMinutes(): Promise<number | null> {
    const waits = await this.deps.repository.recentWaits(this.now() - ESTIMATE_WINDOW_MS);
    if (waits.length < 3) return null;
    const sorted = [...waits].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return Math.max(1, Math.ceil(median / 60));
  }

  /** The queue for one advisor: requests in languages they speak first, then oldest first. */
  async list(status: HandoffStatus, advisor: User): Promise<(Handoff & { waitingSeconds: number; speaksLanguage: boolean })[]> {
    const items = await this.deps.repository.list(status);
    const now = this.now();
    const decorated = items.map((h) => ({
      ...h,
      waitingSeconds: Math.round(((h.acceptedAt ? Date.parse(h.acceptedAt) : now) - Date.parse(h.createdAt)) / 1000),
      speaksLanguage: advisor.languages.includes(h.language),
    }));
    if (status === 'waiting' || status === 'callback') {
      decorated.sort((a, b) => Number(b.speaksLanguage) - Number(a.speaksLanguage) || a.createdAt.localeCompare(b.createdAt));
    }
    return decorated;
  }

  async detail(id: string): Promise<HandoffDetail> {
    const handoff = await this.mustGet(id);
    return { ...handoff, transcript: await this.deps.repository.transcript(id), messages: await this.deps.repository.messages(id) };
  }

  async accept(id: string, advisor: User): Promise<Handoff> {
    const before = await this.mustGet(id);
    if (before.mode !== 'console') throw new AppError('conflict', 'Dieses Gespräch führt das Beratungssystem des Kanals selbst.');
    if (!(await this.deps.repository.accept(id, advisor.id))) {
      throw new AppError('conflict', before.status === 'waiting' ? 'Jemand anderes hat das Gespräch gerade angenommen.' : `Das Gespräch ist ${STATUS_WORDS[before.status]}, nicht wartend.`);
    }
    const handoff = (await this.deps.repository.get(id))!;
    await this.deps.audit.record({ actor: advisor.id, action: 'handoff.accept', entity: 'handoff', entityId: id, before: { status: before.status }, after: { status: 'active' } });
    this.deps.events.publish({ type: 'handoff', handoff });
    this.deps.logger.info({ handoff: id, advisor: advisor.id }, 'handoff accepted');
    await this.notify(() => this.deps.notifier.accepted(handoff), id);
    return handoff;
  }

  /** Free text goes as written (translated when a service exists); a phrase goes in the newcomer's language. */
  async advisorMessage(id: string, advisor: User, reply: AdvisorReply): Promise<HandoffMessage> {
    const handoff = await this.mustGet(id);
    if (handoff.status !== 'active') throw new AppError('conflict', `Das Gespräch ist ${STATUS_WORDS[handoff.status]}; Nachrichten gehen nur in ein aktives Gespräch.`);
    if (handoff.acceptedBy !== advisor.id) throw new AppError('forbidden', 'Eine andere Beraterin oder ein anderer Berater führt dieses Gespräch.');
    let text: string;
    let original: string | null = null;
    if ('phrase' in reply) {
      if (!isPhraseId(reply.phrase)) throw new AppError('validationFailed', `Unbekannter Textbaustein „${reply.phrase.slice(0, 40)}“.`);
      text = this.deps.translator.forLanguage(handoff.language)(`phrasebook.${reply.phrase}`);
      original = this.deps.translator.forLanguage('de')(`phrasebook.${reply.phrase}`);
    } else {
      text = reply.text;
      const translated = await this.translate(text, 'de', handoff.language);
      if (translated) {
        original = text;
        text = translated;
      }
    }
    const message = await this.deps.repository.addMessage(id, { from: 'advisor', text, original, advisorId: advisor.id });
    this.deps.events.publish({ type: 'message', handoffId: id, message });
    const delivered = await this.notify(() => this.deps.notifier.advisorMessage(handoff, text), id);
    if (!delivered) {
      await this.deps.repository.setDelivered(message.id, false);
      return { ...message, delivered: false };
    }
    return message;
  }

  /** Everything the newcomer writes during a handoff is stored before the turn ends. */
  async userMessage(handoff: Handoff, text: string): Promise<HandoffMessage> {
    const message = await this.deps.repository.addMessage(handoff.id, { from: 'user', text });
    this.deps.events.publish({ type: 'message', handoffId: handoff.id, message });
    return message;
  }

  isFirstUserMessage(handoff: Handoff): Promise<boolean> {
    return this.deps.repository.userMessageCount(handoff.id).then((n) => n === 0);
  }

  async close(id: string, advisor: User, outcome: Outcome): Promise<Handoff> {
    const before = await this.mustGet(id);
    this.mustBeFreeFor(before, advisor);
    // The newcomer ended the chat: the advisor who had it still records how it went.
    if (before.status === 'closed' && before.outcome === 'ended-by-newcomer' && before.acceptedBy === advisor.id) {
      await this.deps.repository.recordOutcome(id, advisor.id, outcome);
      const handoff = (await this.deps.repository.get(id))!;
      await this.deps.audit.record({ actor: advisor.id, action: 'handoff.outcome', entity: 'handoff', entityId: id, before: { outcome: before.outcome }, after: { outcome } });
      this.deps.events.publish({ type: 'handoff', handoff });
      return handoff;
    }
    if (!(await this.deps.repository.close(id, ['waiting', 'active', 'callback'], `advisor:${advisor.id}`, outcome))) {
      throw new AppError('conflict', 'Dieses Gespräch ist schon abgeschlossen.');
    }
    const handoff = (await this.deps.repository.get(id))!;
    await this.deps.audit.record({ actor: advisor.id, action: 'handoff.close', entity: 'handoff', entityId: id, before: { status: before.status }, after: { status: 'closed', outcome } });
    this.deps.events.publish({ type: 'handoff', handoff });
    this.deps.logger.info({ handoff: id, advisor: advisor.id, outcome }, 'handoff closed');
    // A callback is closed after the phone call; the chat may be long gone, so no message then.
    if (before.status !== 'callback') await this.notify(() => this.deps.notifier.closed(handoff), id);
    return handoff;
  }

  /** The newcomer pressed "end": the bot answers in the same turn, so nothing is sent proactively. */
  async endByNewcomer(handoff: Handoff): Promise<Handoff | null> {
    if (!(await this.deps.repository.close(handoff.id, ['waiting', 'active'], 'newcomer', 'ended-by-newcomer'))) return null;
    const closed = (await this.deps.repository.get(handoff.id))!;
    this.deps.events.publish({ type: 'handoff', handoff: closed });
    return closed;
  }

  /** "Please delete my data", asked of an advisor: everything about this handoff's newcomer goes. */
  async eraseNewcomer(id: string, advisor: User, erase: (who: { channelId: string; userId: string; conversationId: string }) => Promise<object>): Promise<object> {
    // Erasing ends the chat as surely as closing it: the same advisor decides.
    this.mustBeFreeFor(await this.mustGet(id), advisor);
    const who = await this.deps.repository.subject(id);
    if (!who) throw new AppError('notFound', 'Dieses Gespräch gibt es nicht (mehr).');
    const erased = await erase(who);
    await this.deps.audit.record({ actor: advisor.id, action: 'newcomer.erase', entity: 'handoff', entityId: id, before: null, after: erased });
    this.deps.logger.info({ handoff: id, advisor: advisor.id }, 'newcomer data erased on request');
    return erased;
  }

  async feedback(id: string, helpful: boolean): Promise<boolean> {
    return this.deps.repository.setFeedback(id, helpful ? 'helpful' : 'not-helpful');
  }

  /**
   * A channel's agent hub (handoff.status): accepted silences the bot, completed or failed
   * hands the conversation back.
   */
  async hubStatus(handoff: Handoff, state: 'accepted' | 'completed' | 'failed'): Promise<Handoff | null> {
    const ok =
      state === 'accepted'
        ? await this.deps.repository.activateByHub(handoff.id)
        : await this.deps.repository.close(handoff.id, ['waiting', 'active'], 'hub', state === 'completed' ? 'hub-completed' : 'hub-failed');
    if (!ok) return null;
    const updated = (await this.deps.repository.get(handoff.id))!;
    this.deps.events.publish({ type: 'handoff', handoff: updated });
    return updated;
  }

  /**
   * Runs every minute: offers a callback to newcomers nobody accepted in time, and closes requests
   * and chats abandoned for longer than `staleHours`.
   */
  async sweep(): Promise<{ offered: number; expired: number }> {
    const now = this.now();
    let offered = 0;
    for (const h of await this.deps.repository.waitingUnoffered(now - this.deps.settings.acceptTimeoutMinutes * 60_000)) {
      if (!(await this.deps.repository.markTimeoutOffered(h.id))) continue;
      offered++;
      await this.notify(() => this.deps.notifier.callbackOffer(h), h.id);
    }
    let expired = 0;
    for (const h of await this.deps.repository.stale(now - this.deps.settings.staleHours * 3_600_000)) {
      if (await this.deps.repository.close(h.id, ['waiting', 'active'], 'system', 'expired')) {
        expired++;
        this.deps.events.publish({ type: 'handoff', handoff: (await this.deps.repository.get(h.id))! });
      }
    }
    return { offered, expired };
  }

  private async translate(text: string, from: Lang, to: Lang): Promise<string | null> {
    if (from === to || !this.deps.machineTranslation.available) return null;
    try {
      return await this.deps.machineTranslation.translate(text, from, to);
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'machine translation failed; sent untranslated');
      return null;
    }
  }

  /** An active chat is the accepting advisor's alone to end; a waiting or callback request is anyone's. */
  private mustBeFreeFor(handoff: Handoff, advisor: User): void {
    if (handoff.status === 'active' && handoff.acceptedBy !== advisor.id) throw new AppError('forbidden', 'Eine andere Beraterin oder ein anderer Berater führt dieses Gespräch.');
  }

  /** Delivery problems are logged and reported, never thrown at the advisor as a 500. */
  private async notify(send: () => Promise<void>, id: string): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (err) {
      this.deps.logger.error({ handoff: id, err: (err as Error).message }, 'could not reach the newcomer');
      return false;
    }
  }

  private async mustGet(id: string): Promise<Handoff> {
    const handoff = await this.deps.repository.get(id);
    if (!handoff) throw new AppError('notFound', 'Dieses Gespräch gibt es nicht (mehr).');
    return handoff;
  }
}
