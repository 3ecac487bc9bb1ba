import type { CardAction, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { pickText } from '../src/catalogue/localized';
import { isCategoryId, type CategoryId } from '../src/catalogue/types';
import { type Lang } from '../src/language/languages';
import { parseContact } from '../src/handoff/contact';
import type { QueueConfirmation } from '../src/handoff/handoffService';
import { shortReply, type ShortReply } from '../src/language/shortReplies';
import { DialogIds } from './dialogIds';
import { button } from './actions';
import { turnInput } from './turnInput';
import type { DialogServices, Replies } from './replies';

export type { HandoffDesk, HandoffRequest } from './handoffRequest';
import type { HandoffRequest } from './handoffRequest';

type Step = 'offer' | 'consent' | 'topic' | 'town' | 'callbackOffer' | 'contact';

export interface HandoffOptions {
  lang: Lang;
  topic?: CategoryId | null;
  townId?: string | null;
  /** Started by the bot after two misses: ask first whether a person is wanted at all. */
  escalated?: boolean;
  /** Started from the "leave a contact" button while a request waits: go straight to the contact. */
  waitingId?: string;
}

interface HandoffState extends HandoffRequest {
  step: Step;
  knownTopic: boolean;
  knownTown: boolean;
  waitingId?: string;
}

/** Yes or no, from the button pressed or the words typed. */
const yesNo = (value: { action?: string; value?: unknown } | undefined, said: ShortReply | null): 'yes' | 'no' | null => {
  if (value?.action === 'choose' && (value.value === 'yes' || value.value === 'no')) return value.value;
  return said === 'yes' || said === 'no' ? said : null;
};

/**
 * Asking for a person: consent to share the chat so far, the topic and town if not yet known,
 * then a place in the queue with an honest wait, or out of hours a callback.
 */
export class HandoffDialog extends Dialog<HandoffOptions> {
  constructor(
    private readonly services: DialogServices,
    private readonly replies: Replies,
  ) {
    super(DialogIds.handoff);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    const lang = options?.lang ?? 'de';
    const state: HandoffState = {
      lang,
      topic: options?.topic ?? null,
      townId: options?.townId ?? null,
      consent: false,
      knownTopic: Boolean(options?.topic),
      knownTown: Boolean(options?.townId),
      step: options?.waitingId ? 'contact' : options?.escalated ? 'offer' : 'consent',
      waitingId: options?.waitingId,
    };
    dc.activeDialog!.state = state;
    return this.ask(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as HandoffState;
    const t = this.replies.t(state.lang);
    const activity = dc.context.activity;
    const value = activity.value as { action?: string; value?: unknown } | undefined;
    const chosen = value?.action === 'choose' && typeof value.value === 'string' ? value.value : null;
    const text = (activity.text ?? '').trim();
    const input = turnInput(dc.context, this.services);
    const said = shortReply(input.analysis.tokens);
    switch (state.step) {
      case 'offer': {
        const answer = yesNo(value, said);
        if (answer === 'no') {
          await this.replies.menu(dc.context, state.lang);
          return dc.endDialog();
        }
        if (answer !== 'yes') return dc.endDialog({ unhandled: true });
        state.step = 'consent';
        return this.ask(dc, state);
      }
      case 'consent': {
        const answer = yesNo(value, said);
        // A new question instead of an answer: the newcomer moved on, so answer that instead.
        if (!answer) return value?.action ? this.ask(dc, state, t('handoff.consent.pleaseChoose')) : dc.endDialog({ unhandled: true });
        state.consent = answer === 'yes';
        return this.afterDetails(dc, state);
      }
      case 'topic': {
        const topic = isCategoryId(chosen) ? chosen : chosen === 'skip' ? null : (input.analysis.categories[0]?.id ?? null);
        state.topic = topic;
        state.knownTopic = true;
        return this.afterDetails(dc, state);
      }
      case 'town': {
        const skip = chosen === 'skip' || said === 'no';
        const townId = chosen && this.services.search.towns.has(chosen) ? chosen : skip ? null : input.analysis.townId;
        if (!townId && !skip) return this.ask(dc, state, t('handoff.town.unknown'));
        state.townId = townId;
        state.knownTown = true;
        return this.afterDetails(dc, state);
      }
      case 'callbackOffer': {
        const answer = yesNo(value, said);
        if (answer === 'yes') {
          state.step = 'contact';
          return this.ask(dc, state);
        }
        if (answer === 'no') {
          await this.replies.counselling(dc.context, state.lang, state.townId, t('handoff.callback.declined'));
          return dc.endDialog();
        }
        return value?.action ? this.ask(dc, state, t('handoff.consent.pleaseChoose')) : dc.endDialog({ unhandled: true });
      }
      case 'contact': {
        if (chosen === 'no' || said === 'no') {
          await this.replies.text(dc.context, t(state.waitingId ? 'handoff.callback.keepWaiting' : 'handoff.callback.none'), state.lang);
          return dc.endDialog();
        }
        const contact = parseContact(text);
        if (!contact) return this.ask(dc, state, t('handoff.callback.invalid'));
        await this.services.handoff.requestCallback(dc.context, state, contact, state.waitingId);
        await this.replies.text(dc.context, t('handoff.callback.saved', { contact: contact.value, hours: this.services.handoff.hoursText(state.lang) }), state.lang);
        return dc.endDialog();
      }
    }
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.prompt(context, instance.state as HandoffState);
  }

  /** After consent: ask what is still unknown, then queue, hand to the hub, or offer a callback. */
  private async afterDetails(dc: DialogContext, state: HandoffState): Promise<DialogTurnResult> {
    if (!state.knownTopic) {
      state.step = 'topic';
      return this.ask(dc, state);
    }
    if (!state.knownTown) {
      state.step = 'town';
      return this.ask(dc, state);
    }
    const desk = this.services.handoff;
    const t = this.replies.t(state.lang);
    if (desk.mode === 'protocol') {
      await desk.initiate(dc.context, state);
      await this.replies.text(dc.context, t('handoff.protocol.connecting'), state.lang, [this.endButton(state.lang)]);
      return dc.endDialog();
    }
    const availability = desk.availability();
    if (!availability.open) {
      await this.replies.text(dc.context, t('handoff.closed', { hours: desk.hoursText(state.lang) }), state.lang);
      state.step = 'callbackOffer';
      return this.ask(dc, state);
    }
    const queued = await desk.enqueue(dc.context, state);
    await this.replies.text(dc.context, this.confirmation(state.lang, queued), state.lang, [this.endButton(state.lang)]);
    return dc.endDialog();
  }

  private confirmation(lang: Lang, queued: QueueConfirmation): string {
    const t = this.replies.t(lang);
    const parts = [t('handoff.queued.position', { position: queued.position })];
    if (queued.advisorsOnline === 0) parts.push(t('handoff.queued.nobodyOnline', { minutes: this.services.handoff.acceptTimeoutMinutes }));
    else if (queued.estimateMinutes !== null) parts.push(t('handoff.queued.estimate', { minutes: queued.estimateMinutes }));
    else parts.push(t('handoff.queued.noEstimate'));
    parts.push(t('handoff.queued.howToEnd'));
    return parts.join('\n\n');
  }

  endButton(lang: Lang): CardAction {
    return button(this.replies.t(lang)('actions.endHandoff'), { action: 'endHandoff' });
  }

  private async ask(dc: DialogContext, state: HandoffState, problem?: string): Promise<DialogTurnResult> {
    await this.prompt(dc.context, state, problem);
    return Dialog.EndOfTurn;
  }

  private async prompt(context: TurnContext, state: HandoffState, problem?: string): Promise<void> {
    const t = this.replies.t(state.lang);
    const yesNoButtons = (yes: string, no: string) => [button(t(yes), { action: 'choose', value: 'yes' }), button(t(no), { action: 'choose', value: 'no' })];
    let question: string;
    let choices: CardAction[] = [];
    switch (state.step) {
      case 'offer':
        question = t('handoff.escalate.offer');
        choices = yesNoButtons('handoff.escalate.yes', 'handoff.escalate.no');
        break;
      case 'consent':
        question = t('handoff.consent.question');
        choices = yesNoButtons('handoff.consent.yes', 'handoff.consent.no');
        break;
      case 'topic':
        question = t('handoff.topic.question');
        choices = [...this.services.search.categories.values()].map((c) => button(pickText(c.name, state.lang).text, { action: 'choose', value: c.id }));
        choices.push(button(t('handoff.topic.skip'), { action: 'choose', value: 'skip' }));
        break;
      case 'town':
        question = t('handoff.town.question');
        choices = ['freiberg', 'doebeln', 'mittweida'].map((id) => button(this.services.search.towns.get(id)?.name ?? id, { action: 'choose', value: id }));
        choices.push(button(t('handoff.town.skip'), { action: 'choose', value: 'skip' }));
        break;
      case 'callbackOffer':
        question = t('handoff.callback.offer');
        choices = yesNoButtons('handoff.callback.yes', 'handoff.callback.no');
        break;
      case 'contact':
        question = t('handoff.callback.ask');
        choices = [button(t('handoff.callback.no'), { action: 'choose', value: 'no' })];
        break;
    }
    await this.replies.text(context, problem ? `${problem}\n\n${question}` : question, state.lang, choices);
  }
}
