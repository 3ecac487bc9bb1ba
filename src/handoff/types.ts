import type { ConversationReference } from 'botbuilder';
import type { CategoryId } from '../catalogue/types';
import type { Lang } from '../language/languages';

export const HANDOFF_STATUSES = ['waiting', 'active', 'closed', 'callback'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** How an advisor records the end of a conversation; the steering report counts these. */
export const OUTCOMES = ['helped', 'referred', 'appointment', 'callback-done', 'no-response', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes the system sets itself (a newcomer ending, a request expiring, a hub failing). */
export type SystemOutcome = 'ended-by-newcomer' | 'expired' | 'hub-completed' | 'hub-failed' | 'moved-to-callback';

export type Sender = 'user' | 'advisor' | 'bot';

/** A line of the chat before the handoff, shared only with the newcomer's consent. */
export interface TranscriptLine {
  from: 'user' | 'bot';
  text: string;
  at: string;
}

export interface HandoffMessage {
  id: number;
  from: Sender;
  text: string;
  /** For phrasebook replies: the German meaning the advisor chose. */
  original: string | null;
  at: string;
  delivered: boolean;
}

/** Which adapter reaches the newcomer: the built-in Direct Line, or Azure Bot Service channels. */
export type DeliveryChannel = 'local' | 'bot-service';

export interface Handoff {
  id: string;
  status: HandoffStatus;
  mode: 'console' | 'protocol';
  language: Lang;
  topic: CategoryId | null;
  town: string | null;
  consent: boolean;
  channelId: string;
  createdAt: string;
  acceptedAt: string | null;
  closedAt: string | null;
  acceptedBy: number | null;
  acceptedByName: string | null;
  closedBy: string | null;
  outcome: Outcome | SystemOutcome | null;
  feedback: 'helpful' | 'not-helpful' | null;
  contact: { kind: 'phone' | 'email'; value: string } | null;
}

/** What the store needs to reach the newcomer later and to route their messages. */
export interface HandoffOrigin {
  conversationKey: string;
  userKey: string;
  channel: DeliveryChannel;
  reference: Partial<ConversationReference>;
}

export interface NewHandoff extends HandoffOrigin {
  language: Lang;
  topic: CategoryId | null;
  town: string | null;
  consent: boolean;
  transcript: TranscriptLine[];
  mode: 'console' | 'protocol';
  status: 'waiting' | 'callback';
  contact?: { kind: 'phone' | 'email'; value: string };
}
