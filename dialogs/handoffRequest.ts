import type { TurnContext } from 'botbuilder';
import type { CategoryId } from '../src/catalogue/types';
import type { Contact } from '../src/handoff/contact';
import type { Availability, QueueConfirmation } from '../src/handoff/handoffService';
import type { Lang } from '../src/language/languages';

/** What the newcomer told us for the advisor. */
export interface HandoffRequest {
  lang: Lang;
  topic: CategoryId | null;
  townId: string | null;
  consent: boolean;
}

/** The dialogs' view of the handoff desk; the bot layer knows conversations, the dialog only asks. */
export interface HandoffDesk {
  readonly mode: 'console' | 'protocol';
  readonly acceptTimeoutMinutes: number;
  availability(): Availability;
  hoursText(lang: Lang): string;
  enqueue(context: TurnContext, request: HandoffRequest): Promise<QueueConfirmation>;
  requestCallback(context: TurnContext, request: HandoffRequest, contact: Contact, waitingId?: string): Promise<void>;
  /** Protocol mode: emits handoff.initiate for the channel's agent hub. */
  initiate(context: TurnContext, request: HandoffRequest): Promise<void>;
  feedback(handoffId: string, helpful: boolean): Promise<void>;
}

