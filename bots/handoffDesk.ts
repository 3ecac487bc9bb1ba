import { EventFactory, TurnContext, type Activity, type StatePropertyAccessor, type Transcript } from 'botbuilder';
import type { HandoffDesk, HandoffRequest } from '../dialogs/handoffRequest';
import type { ConversationMemory } from '../dialogs/conversationMemory';
import type { Contact } from '../src/handoff/contact';
import type { HandoffService, QueueConfirmation } from '../src/handoff/handoffService';
import type { DeliveryChannel, HandoffOrigin, TranscriptLine } from '../src/handoff/types';
import type { Lang } from '../src/language/languages';

/** Handoffs are per conversation and channel; conversation ids are only unique within a channel. */
export const conversationKey = (activity: Partial<Activity>) => `${activity.channelId ?? ''}:${activity.conversation?.id ?? ''}`;
export const userKey = (activity: Partial<Activity>) => `${activity.channelId ?? ''}:${activity.from?.id ?? ''}`;

/**
 * The handoff desk as the dialogs see it: turns a conversation into a queue entry (with where to
 * reach the newcomer later and, with consent, the chat so far).
 */
export class BotHandoffDesk implements HandoffDesk {
  constructor(
    private readonly service: HandoffService,
    private readonly memory: StatePropertyAccessor<ConversationMemory>,
    private readonly channelOf: (context: TurnContext) => DeliveryChannel,
  ) {}

  get mode() {
    return this.service.settings.mode;
  }

  get acceptTimeoutMinutes() {
    return this.service.settings.acceptTimeoutMinutes;
  }

  availability() {
    return this.service.availability();
  }

  hoursText(lang: Lang): string {
    return this.service.hours.describe(lang);
  }

  async enqueue(context: TurnContext, request: HandoffRequest): Promise<QueueConfirmation> {
    return this.service.enqueue({ ...this.origin(context), ...(await this.details(context, request)) });
  }

  async requestCallback(context: TurnContext, request: HandoffRequest, contact: Contact, waitingId?: string): Promise<void> {
    await this.service.requestCallback({ ...this.origin(context), ...(await this.details(context, request)) }, contact, waitingId);
  }

  async initiate(context: TurnContext, request: HandoffRequest): Promise<void> {
    const details = await this.details(context, request);
    const { handoff } = await this.service.enqueue({ ...this.origin(context), ...details });
    const transcript: Transcript = {
      activities: details.transcript.map((line) => ({
        type: 'message',
        text: line.text,
        timestamp: new Date(line.at),
        from: { id: line.from === 'user' ? (context.activity.from?.id ?? 'user') : (context.activity.recipient?.id ?? 'bot'), name: line.from, role: line.from },
      })) as Activity[],
    };
    const handoffContext = { handoffId: handoff.id, language: request.lang, topic: request.topic, town: request.townId, consent: request.consent };
    await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcript));
  }

  async feedback(handoffId: string, helpful: boolean): Promise<void> {
    await this.service.feedback(handoffId, helpful);
  }

  private origin(context: TurnContext): HandoffOrigin {
    return {
      conversationKey: conversationKey(context.activity),
      userKey: userKey(context.activity),
      channel: this.channelOf(context),
      reference: TurnContext.getConversationReference(context.activity),
    };
  }

  private async details(context: TurnContext, request: HandoffRequest) {
    const memory = await this.memory.get(context, { misses: 0 });
    const transcript: TranscriptLine[] = request.consent ? (memory.recent ?? []) : [];
    return { language: request.lang, topic: request.topic, town: request.townId, consent: request.consent, transcript };
  }
}
