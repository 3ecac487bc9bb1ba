import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { NATIVE_LANGUAGE_NAMES } from '../src/language/languages';
import { isLang, type Lang } from '../src/language/languages';
import { DialogIds } from './dialogIds';
import { button } from './actions';
import { turnInput } from './turnInput';
import type { DialogServices, Replies } from './replies';

interface LanguageState {
  lang: Lang;
  retried: boolean;
}

/**
 * The language picker: six buttons with native names, or the name typed. The choice is stored
 * in user state and wins over detection from then on.
 */
export class LanguageDialog extends Dialog<{ lang: Lang }> {
  constructor(
    private readonly services: DialogServices,
    private readonly replies: Replies,
  ) {
    super(DialogIds.language);
  }

  override async beginDialog(dc: DialogContext, options?: { lang: Lang }): Promise<DialogTurnResult> {
    const state: LanguageState = { lang: options?.lang ?? 'de', retried: false };
    dc.activeDialog!.state = state;
    await this.prompt(dc.context, state.lang);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as LanguageState;
    const value = dc.context.activity.value as { action?: string; lang?: unknown } | undefined;
    const chosen = value?.action === 'language' && isLang(value.lang) ? value.lang : turnInput(dc.context, this.services).chosenLang;
    if (chosen && this.services.translator.languages.includes(chosen)) {
      await this.choose(dc.context, chosen);
      return dc.endDialog(chosen);
    }
    if (state.retried) return dc.endDialog();
    state.retried = true;
    await this.prompt(dc.context, state.lang);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.prompt(context, (instance.state as LanguageState).lang);
  }

  /** Stores the choice and confirms it in the newly chosen language. */
  async choose(context: TurnContext, lang: Lang): Promise<void> {
    const profile = await this.services.profile.get(context, {});
    profile.lang = lang;
    await this.services.profile.set(context, profile);
    const memory = await this.services.memory.get(context, { misses: 0 });
    memory.lastLang = lang;
    await this.services.memory.set(context, memory);
    await this.replies.text(context, this.replies.t(lang)('language.changed'), lang, [
      button(this.replies.t(lang)('nav.menu'), { action: 'menu' }),
    ]);
  }

  private async prompt(context: TurnContext, lang: Lang): Promise<void> {
    const buttons = this.services.translator.languages.map((l) => button(NATIVE_LANGUAGE_NAMES[l], { action: 'language', lang: l }));
    await this.replies.text(context, this.replies.t(lang)('language.prompt'), lang, buttons);
  }
}
