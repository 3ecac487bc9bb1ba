import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../src/language/languages';
import { shortReply } from '../src/language/shortReplies';
import { DialogIds } from './dialogIds';
import { turnInput } from './turnInput';
import { button } from './actions';
import type { DialogServices, Replies } from './replies';

/** Set on the turn that erased the newcomer's data: the bot must not write state back afterwards. */
export const ERASED = Symbol('erased');

/**
 * "Meine Daten löschen": says what is stored, asks once, then says what was deleted and deletes
 * it — in that order, because the web chat conversation itself is among what goes.
 */
export class DeleteDataDialog extends Dialog<{ lang: Lang }> {
  constructor(
    private readonly services: DialogServices,
    private readonly replies: Replies,
  ) {
    super(DialogIds.deleteData);
  }

  override async beginDialog(dc: DialogContext, options?: { lang: Lang }): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { lang: options?.lang ?? 'de' };
    await this.ask(dc.context, options?.lang ?? 'de');
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { lang } = dc.activeDialog!.state as { lang: Lang };
    const t = this.replies.t(lang);
    const value = dc.context.activity.value as { action?: string; value?: unknown } | undefined;
    const chosen = value?.action === 'choose' ? value.value : shortReply(turnInput(dc.context, this.services).analysis.tokens);
    if (chosen === 'no') {
      await this.replies.text(dc.context, t('privacy.kept'), lang, [button(t('nav.menu'), { action: 'menu' })]);
      return dc.endDialog();
    }
    if (chosen !== 'yes') {
      await this.ask(dc.context, lang);
      return Dialog.EndOfTurn;
    }
    const counts = await this.services.privacy.erase(dc.context, { dryRun: true });
    const lines = [
      t('privacy.deleted'),
      `• ${t('privacy.items.conversations', { n: counts.conversations, messages: counts.messages })}`,
      `• ${t('privacy.items.settings', { n: counts.settings })}`,
      `• ${t('privacy.items.handoffs', { n: counts.handoffs, messages: counts.handoffMessages })}`,
      `• ${t('privacy.items.contacts', { n: counts.contacts })}`,
      t('privacy.anonymous'),
    ];
    if (dc.context.activity.channelId === 'webchat') lines.push(t('privacy.reload'));
    await this.replies.text(dc.context, lines.join('\n'), lang);
    await this.services.privacy.erase(dc.context);
    dc.context.turnState.set(ERASED, true);
    return dc.endDialog();
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as { lang: Lang }).lang);
  }

  private async ask(context: TurnContext, lang: Lang): Promise<void> {
    const t = this.replies.t(lang);
    await this.replies.text(context, t('privacy.confirm'), lang, [
      button(t('privacy.yes'), { action: 'choose', value: 'yes' }),
      button(t('privacy.no'), { action: 'choose', value: 'no' }),
    ]);
  }
}
