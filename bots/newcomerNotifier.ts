import { MessageFactory, type CardAction } from 'botbuilder';
import { button } from '../dialogs/actions';
import type { NewcomerNotifier } from '../src/handoff/handoffService';
import type { HandoffRepository } from '../src/handoff/handoffRepository';
import type { Handoff } from '../src/handoff/types';
import { isolate } from '../src/channels/offerCards';
import type { Translator } from '../src/language/i18n';

import type { Deliver } from '../src/hosting/botHosting';

/** What the newcomer sees of the advisor's side, in their language, pushed into their chat. */
export class BotNewcomerNotifier implements NewcomerNotifier {
  constructor(
    private readonly repository: HandoffRepository,
    private readonly translator: Translator,
    private readonly deliver: Deliver,
  ) {}

  async accepted(handoff: Handoff): Promise<void> {
    const t = this.translator.forLanguage(handoff.language);
    await this.send(handoff, t('handoff.accepted', { name: handoff.acceptedByName ?? '' }), [this.endButton(handoff)]);
  }

  async advisorMessage(handoff: Handoff, text: string): Promise<void> {
    // German from the advisor in an Arabic or Farsi bubble keeps its own order ("Sie?", not "?Sie").
    await this.send(handoff, `${handoff.acceptedByName ?? ''}: ${isolate(text, handoff.language)}`, [this.endButton(handoff)]);
  }

  async closed(handoff: Handoff): Promise<void> {
    const t = this.translator.forLanguage(handoff.language);
    await this.send(handoff, `${t('handoff.ended.byAdvisor')}\n\n${t('handoff.feedback.question')}`, feedbackButtons(this.translator, handoff));
  }

  async callbackOffer(handoff: Handoff): Promise<void> {
    const t = this.translator.forLanguage(handoff.language);
    await this.send(handoff, t('handoff.callback.timeoutOffer'), [
      button(t('handoff.callback.yes'), { action: 'callback', handoffId: handoff.id }),
      button(t('handoff.callback.keepWaitingButton'), { action: 'keepWaiting' }),
    ]);
  }

  private endButton(handoff: Handoff): CardAction {
    return button(this.translator.forLanguage(handoff.language)('actions.endHandoff'), { action: 'endHandoff' });
  }

  private async send(handoff: Handoff, text: string, actions: CardAction[]): Promise<void> {
    const target = await this.repository.reference(handoff.id);
    if (!target) throw new Error(`handoff ${handoff.id} has no conversation reference`);
    const activity = MessageFactory.text(text);
    activity.locale = handoff.language;
    if (actions.length) activity.suggestedActions = { actions, to: [] };
    await this.deliver(target.channel, target.reference, activity);
  }
}

/** "Did this help?" after a handoff, remembered with the handoff. */
export function feedbackButtons(translator: Translator, handoff: Handoff): CardAction[] {
  const t = translator.forLanguage(handoff.language);
  return [
    button(t('handoff.feedback.yes'), { action: 'feedback', helpful: true, handoffId: handoff.id }),
    button(t('handoff.feedback.no'), { action: 'feedback', helpful: false, handoffId: handoff.id }),
  ];
}
