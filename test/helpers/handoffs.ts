import type { StatePropertyAccessor } from 'botbuilder';
import { BotHandoffDesk } from '../../bots/handoffDesk';
import type { ConversationMemory } from '../../dialogs/conversationMemory';
import { AuditLog } from '../../src/audit/auditLog';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { HandoffEvents } from '../../src/handoff/events';
import { HandoffRepository } from '../../src/handoff/handoffRepository';
import { HandoffService, type NewcomerNotifier } from '../../src/handoff/handoffService';
import { noMachineTranslation } from '../../src/handoff/machineTranslation';
import { OpeningHours, parseWeeklyHours } from '../../src/handoff/openingHours';
import type { Handoff } from '../../src/handoff/types';
import type { Translator } from '../../src/language/i18n';
import { createLogger } from '../../src/logging/logger';

/** Records what would be pushed to the newcomer, for dialog-level tests without a channel. */
export class RecordingNotifier implements NewcomerNotifier {
  readonly sent: { kind: string; handoff: Handoff; text?: string }[] = [];
  async accepted(handoff: Handoff) {
    this.sent.push({ kind: 'accepted', handoff });
  }
  async advisorMessage(handoff: Handoff, text: string) {
    this.sent.push({ kind: 'message', handoff, text });
  }
  async closed(handoff: Handoff) {
    this.sent.push({ kind: 'closed', handoff });
  }
  async callbackOffer(handoff: Handoff) {
    this.sent.push({ kind: 'callbackOffer', handoff });
  }
}

/** A real queue on an in-memory database, with hours and time under the test's control. */
export async function createHandoffs(translator: Translator, options: { hours?: string; now?: () => number; mode?: 'console' | 'protocol' } = {}) {
  const db = await SqliteDatabase.open(':memory:');
  await migrate(db);
  const events = new HandoffEvents();
  const notifier = new RecordingNotifier();
  const repository = new HandoffRepository(db, options.now);
  const service = new HandoffService({
    repository,
    audit: new AuditLog(db),
    events,
    hours: new OpeningHours({ weekly: parseWeeklyHours(options.hours ?? 'always'), closedDays: [], publicHolidays: 'none', timeZone: 'Europe/Berlin' }),
    translator,
    machineTranslation: noMachineTranslation,
    notifier,
    settings: { mode: options.mode ?? 'console', acceptTimeoutMinutes: 10, staleHours: 24 },
    logger: createLogger('silent'),
    now: options.now,
  });
  const desk = (memory: StatePropertyAccessor<ConversationMemory>) => new BotHandoffDesk(service, memory, () => 'bot-service');
  return { db, events, notifier, repository, service, desk };
}
