import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogStateManagerConfiguration,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { AskResult } from '../src/ask/askService';
import { isCategoryId } from '../src/catalogue/types';
import type { Lang } from '../src/language/languages';
import { DialogIds } from './dialogIds';
import { PAGE_SIZE, repeatQuery, type ConversationMemory } from './conversationMemory';
import { GuidedSearchDialog, type GuidedSearchOptions } from './guidedSearchDialog';
import { HandoffDialog, type HandoffOptions } from './handoffDialog';
import { DeleteDataDialog } from './deleteDataDialog';
import { LanguageDialog } from './languageDialog';
import { button } from './actions';
import { Replies, type DialogServices } from './replies';
import { replyLanguage } from '../src/language/replyLanguage';
import { interruptionOf, turnInput, type Interruption, type TurnInput } from './turnInput';

export type { BotAction } from './actions';
export { readAction } from './actions';

/** Where botbuilder-dialogs' DialogStateManager looks for its configuration in the turn state. */
export const MEMORY_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** Answers in a row that found nothing (or did not help) before the bot offers a person by itself. */
export const ESCALATE_AFTER_MISSES = 2;

export { MAX_MESSAGE_LENGTH } from './turnInput';

/**
 * The conversation's root. Every turn first checks the commands that work at every step in
 * every language (language, restart, help, menu, a person); then either a running guided step
 * continues, or the message is answered as a free question: offers as cards, a catalogue answer,
 * or a polite "not understood" with a way to a person.
 */
export class MainDialog extends ComponentDialog {
  private readonly replies: Replies;
  private readonly language: LanguageDialog;
  private memoryConfiguration?: DialogStateManagerConfiguration;

  constructor(private readonly services: DialogServices) {
    super(DialogIds.main);
    this.replies = new Replies(services);
    this.language = new LanguageDialog(services, this.replies);
    this.addDialog(this.language);
    this.addDialog(new GuidedSearchDialog(services, this.replies));
    this.addDialog(new HandoffDialog(services, this.replies));
    this.addDialog(new DeleteDataDialog(services, this.replies));
    this.addDialog(
      new WaterfallDialog(DialogIds.mainWaterfall, [
        (step) => this.route(step),
        // A yes/no question that got a new question instead hands the message back to be answered,
        // from the first step again, so a question asked there may hand it back once more.
        (step) => ((step.result as { unhandled?: boolean } | undefined)?.unhandled ? step.replaceDialog(DialogIds.mainWaterfall) : step.endDialog()),
      ]),
    );
    this.initialDialogId = DialogIds.mainWaterfall;
  }

  /** The web page's language picker: store the choice and confirm it in that language. */
  async chooseLanguage(context: TurnContext, lang: Lang): Promise<void> {
    if (this.services.translator.languages.includes(lang)) await this.language.choose(context, lang);
  }

  /** The innermost running dialog, so the bot can tell a handoff question from a relayed message. */
  async activeDialogId(context: TurnContext, dialogState: StatePropertyAccessor): Promise<string | undefined> {
    let dc = await this.contextFor(context, dialogState);
    // Each component dialog's running child, through the public API rather than its stored state.
    while (dc.child) dc = dc.child;
    return dc.activeDialog?.id;
  }

  /** "Chat about this" from the offer directory: the offer as a card, and what the newcomer can do next. */
  async showOffer(context: TurnContext, offerId: string, lang: Lang): Promise<void> {
    const offer = await this.services.search.visibleOffer(offerId);
    if (!offer) return;
    const memory = await this.services.memory.get(context, { misses: 0 });
    memory.lastTopic = offer.categories[0];
    memory.lastQuery = { text: '', townId: offer.townId, categories: offer.categories.slice(0, 1), offset: PAGE_SIZE };
    await this.services.memory.set(context, memory);
    await this.replies.offers(context, { lang, langSource: 'explicit', unsupportedLanguage: false, intent: 'offers', confidence: 1, unsure: false, townId: offer.townId, categories: offer.categories, offers: [{ offer, score: 1, distanceKm: null, why: [] }], total: 1, relaxed: [], answer: null, offersBelow: false, choices: [] });
    await this.replies.text(context, this.replies.t(lang)('search.offerContext'), lang, [this.replies.handoffButton(lang), button(this.replies.t(lang)('nav.menu'), { action: 'menu' })]);
  }

  /** "Leave a contact" pressed while a request waits: collect it in the handoff dialog. */
  async beginCallback(context: TurnContext, dialogState: StatePropertyAccessor, options: HandoffOptions): Promise<void> {
    const dc = await this.contextFor(context, dialogState);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { handoff: options });
  }

  /** Started with handoff options (from the bot, outside a question): the handoff dialog directly. */
  protected override async onBeginDialog(inner: DialogContext, options?: { handoff?: HandoffOptions }): Promise<DialogTurnResult> {
    if (options?.handoff) return inner.beginDialog(DialogIds.handoff, options.handoff);
    return super.onBeginDialog(inner, options);
  }

  /** Runs the dialog for one turn; the bot calls this for every message. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor): Promise<void> {
    const dc = await this.contextFor(context, dialogState);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /**
   * The root dialog context for a turn. botbuilder-dialogs gives every new turn's first dialog
   * context a memory configuration built afresh: its scopes and path resolvers gathered from the
   * component registrations and checked with a schema, some 2 % of a turn's time. The scopes hold
   * no state of their own (they read the turn's context), so the first turn's configuration is
   * handed to every later turn through the turn state key the library reads it from.
   */
  private async contextFor(context: TurnContext, dialogState: StatePropertyAccessor): Promise<DialogContext> {
    const set = new DialogSet(dialogState);
    set.add(this);
    if (this.memoryConfiguration && !context.turnState.has(MEMORY_CONFIGURATION_KEY)) context.turnState.set(MEMORY_CONFIGURATION_KEY, this.memoryConfiguration);
    const dc = await set.createContext(context);
    this.memoryConfiguration ??= dc.state.configuration;
    return dc;
  }

  /** The turn's input, analysed once (the bot may have read it already). */
  input(context: TurnContext): TurnInput {
    return turnInput(context, this.services);
  }

  /**
   * While a guided step, a question or the picker waits, commands still interrupt it (the
   * interruption pattern of the Bot Framework's core bot); what counts as one is decided by
   * `interruptionOf` alone, for the running dialog and for a new message alike.
   */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const input = this.input(inner.context);
    const interruption = interruptionOf(input);
    if (interruption && !handledBy(inner.activeDialog?.id, interruption)) return this.interrupt(inner, interruption, input);
    return super.onContinueDialog(inner);
  }

  private async interrupt(inner: DialogContext, interruption: Interruption, input: TurnInput): Promise<DialogTurnResult> {
    const context = inner.context;
    const lang = await this.conversationLang(context);
    switch (interruption) {
      case 'help':
        await this.replies.text(context, this.replies.t(lang)('help.text'), lang);
        await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'language':
        await inner.cancelAllDialogs();
        return this.startLanguage(inner, lang, input);
      case 'deleteData':
        await inner.cancelAllDialogs();
        return inner.beginDialog(DialogIds.deleteData, { lang: input.commandLang ?? lang });
      case 'handoff': {
        const memory = await this.services.memory.get(context, { misses: 0 });
        await inner.cancelAllDialogs();
        return inner.beginDialog(DialogIds.handoff, this.handoffOptions(lang, memory));
      }
      case 'restart':
      case 'menu':
      case 'topic':
        // The root step reads the same input and shows the menu or starts the topic.
        await inner.cancelAllDialogs();
        return inner.beginDialog(DialogIds.mainWaterfall);
    }
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const memory = await this.services.memory.get(context, { misses: 0 });
    const profile = await this.services.profile.get(context, {});
    const lang = await this.conversationLang(context);
    const input = this.input(context);
    const { action, text } = input;
    const interruption = interruptionOf(input);

    if (interruption === 'language') return this.startLanguage(step, lang, input);
    if (interruption === 'deleteData') return step.beginDialog(DialogIds.deleteData, { lang: input.commandLang ?? lang });
    if (action?.action === 'topic') {
      const options: GuidedSearchOptions = { topic: action.category, lang, townId: memory.lastQuery?.townId };
      return step.beginDialog(DialogIds.guidedSearch, options);
    }
    if (interruption === 'restart') {
      delete memory.lastQuery;
      memory.misses = 0;
      await this.services.memory.set(context, memory);
    }
    // "back" with nothing to go back to is the menu.
    if (interruption === 'restart' || interruption === 'menu' || input.command === 'back') {
      await this.replies.menu(context, lang);
      return step.endDialog();
    }
    if (interruption === 'help') {
      const t = this.replies.t(lang);
      await this.replies.text(context, t('help.text'), lang, [button(t('nav.menu'), { action: 'menu' }), button(t('privacy.button'), { action: 'deleteData' })]);
      return step.endDialog();
    }
    if (action?.action === 'more' && memory.lastQuery) {
      await this.more(context, memory, lang);
    } else if (action?.action === 'answer') {
      await this.replies.answer(context, action.answerId, lang);
    } else if (action?.action === 'handoff') {
      const options = this.handoffOptions(lang, memory);
      await this.services.demand?.record({ lang, intent: 'handoff', categories: options.topic ? [options.topic] : [], town: options.townId ?? null, results: 0, handoff: true });
      return step.beginDialog(DialogIds.handoff, options);
    } else if (action?.action === 'feedback') {
      await this.services.demand?.record({
        lang,
        intent: 'feedback',
        categories: memory.lastTopic ? [memory.lastTopic] : [],
        town: memory.lastQuery?.townId ?? null,
        results: 0,
        handoff: false,
        feedback: action.helpful ? 'helpful' : 'not-helpful',
      });
      const escalate = await this.feedback(context, memory, lang, action);
      await this.services.memory.set(context, memory);
      if (escalate) return step.beginDialog(DialogIds.handoff, { ...this.handoffOptions(lang, memory), escalated: true });
      return step.endDialog();
    } else {
      const result = await this.services.ask.ask({
        text,
        analysis: input.analysis,
        topic: memory.lastTopic,
        lang: profile.lang,
        fallbackLang: lang,
        limit: PAGE_SIZE,
        supported: this.services.translator.languages,
      });
      const t = this.replies.t(result.lang);
      if (input.tooLong) await this.replies.text(context, t('errors.tooLong'), result.lang);
      if (result.unsupportedLanguage) await this.replies.languageList(context, result.lang);
      if (result.unsupportedLanguage && result.intent === 'unknown') {
        // The list of languages is the answer: "not understood" on top would only repeat it.
      } else if (!(await this.narrow(context, memory, input, result))) {
        const next = await this.reply(context, result, memory, text);
        await this.services.demand?.record({
          lang: result.lang,
          intent: result.intent,
          categories: result.intent === 'answer' ? [result.answer!.category] : result.categories.filter(isCategoryId),
          town: result.townId,
          results: result.intent === 'answer' ? 1 : result.offers.length,
          handoff: result.intent === 'handoff' || Boolean(next),
        });
        memory.lastLang = result.lang;
        await this.services.memory.set(context, memory);
        if (next) return step.beginDialog(DialogIds.handoff, next);
      }
      memory.lastLang = result.lang;
    }
    await this.services.memory.set(context, memory);
    return step.endDialog();
  }

  private async startLanguage(dc: DialogContext, lang: Lang, input: TurnInput): Promise<DialogTurnResult> {
    const { action } = input;
    const direct = action?.action === 'language' && action.lang ? action.lang : input.chosenLang;
    if (direct && this.services.translator.languages.includes(direct)) {
      await this.language.choose(dc.context, direct);
      return dc.endDialog();
    }
    return dc.beginDialog(DialogIds.language, { lang });
  }

  /**
   * Follow-ups on the last search: "nur abends", "only free ones" narrow it by the wishes named;
   * "und in Mittweida?" asks the same in another town.
   */
  private async narrow(context: TurnContext, memory: ConversationMemory, input: TurnInput, asked: AskResult): Promise<boolean> {
    const last = memory.lastQuery;
    if (!last) return false;
    const { analysis } = input;
    const onlyTown = analysis.townId !== null && analysis.townId !== last.townId && analysis.categories.length === 0 && analysis.facets.length === 0 && analysis.residualTokens.length === 0;
    if (onlyTown) {
      const result = await this.services.ask.ask(repeatQuery(last, asked.lang, this.services.translator.languages, { townId: analysis.townId! }));
      if (result.offers.length === 0) return false;
      memory.lastQuery = { ...last, townId: analysis.townId, offset: PAGE_SIZE };
      await this.replies.offers(context, result);
      return true;
    }
    // "für meine Tochter, sie ist 3": the same search, for that age.
    const onlyAge = analysis.age !== null && analysis.categories.length === 0 && analysis.townId === null && analysis.facets.length === 0;
    if (onlyAge) {
      const result = await this.services.ask.ask(repeatQuery(last, asked.lang, this.services.translator.languages, { age: analysis.age! }));
      if (result.offers.length === 0) return false;
      memory.lastQuery = { ...last, age: analysis.age!, offset: PAGE_SIZE };
      await this.replies.text(context, this.replies.t(asked.lang)('search.forAge', { age: analysis.age! }), asked.lang);
      await this.replies.offers(context, result);
      return true;
    }
    const onlyWishes = analysis.facets.length > 0 && analysis.categories.length === 0 && analysis.townId === null && analysis.residualTokens.length === 0;
    if (!onlyWishes) return false;
    const require = [...new Set([...(last.require ?? []), ...analysis.facets])];
    const result = await this.services.ask.ask(repeatQuery(last, asked.lang, this.services.translator.languages, { require }));
    const t = this.replies.t(asked.lang);
    const filters = require.map((f) => t(`guided.pref.${f}`)).join(', ');
    if (result.offers.length === 0) {
      await this.replies.text(context, t('search.noneAfterNarrow', { filters }), asked.lang, [this.replies.handoffButton(asked.lang)]);
      return true;
    }
    memory.lastQuery = { ...last, require, offset: PAGE_SIZE };
    await this.replies.text(context, t('search.narrowed', { filters }), asked.lang);
    await this.replies.offers(context, result);
    return true;
  }

  /** Answers a free question; returns options when the answer is to start a handoff. */
  private async reply(context: TurnContext, result: AskResult, memory: ConversationMemory, text: string): Promise<HandoffOptions | null> {
    const lang = result.lang;
    const t = this.replies.t(lang);
    switch (result.intent) {
      case 'greeting':
        memory.misses = 0;
        await this.replies.text(context, t('greeting.text'), lang, [button(t('nav.menu'), { action: 'menu' })]);
        return null;
      case 'handoff':
        return {
          lang,
          townId: result.townId ?? memory.lastQuery?.townId ?? null,
          topic: result.categories.find(isCategoryId) ?? memory.lastTopic ?? null,
        };
      case 'answer': {
        memory.misses = 0;
        memory.lastTopic = result.answer!.category;
        memory.lastAsked = { text, answerId: result.choices.length >= 2 ? null : result.answer!.id };
        if (result.choices.length >= 2) {
          await this.replies.choices(context, result.choices, lang);
          return null;
        }
        const withOffers = result.offers.length > 0;
        // A question that also looks for offers ("what does the course in Döbeln cost?", "is
        // there a free one?") gets the answer, then the offers below it; elsewhere a button
        // shows them, from the first.
        const offersBelow = result.offersBelow;
        if (withOffers) memory.lastQuery = { text, townId: result.townId, categories: [result.answer!.category], offset: offersBelow ? PAGE_SIZE : 0 };
        await this.replies.answer(context, result.answer!.id, lang, {
          unsureOf: result.unsure ? result.answer!.matchedQuestion : undefined,
          withOffers: withOffers && !offersBelow,
        });
        if (offersBelow) await this.replies.offers(context, result);
        return null;
      }
      case 'offers':
        if (result.offers.length === 0) break;
        memory.misses = 0;
        memory.lastQuery = { text, townId: result.townId, offset: PAGE_SIZE };
        memory.lastTopic = result.categories.find(isCategoryId);
        await this.replies.offers(context, result);
        return null;
      case 'unknown':
        break;
    }
    memory.misses += 1;
    await this.services.unanswered?.record(text, lang);
    const key = result.intent === 'offers' ? 'search.noResults' : 'unknown.text';
    if (memory.misses >= ESCALATE_AFTER_MISSES) {
      memory.misses = 0;
      await this.replies.text(context, t(key), lang);
      return { lang, townId: result.townId, topic: result.categories.find(isCategoryId) ?? null, escalated: true };
    }
    await this.replies.text(context, t(key), lang, [button(t('nav.menu'), { action: 'menu' }), this.replies.handoffButton(lang)]);
    return null;
  }

  /** "This didn't help" counts as a miss; after a handoff it is stored with the handoff. Returns true to offer a person. */
  private async feedback(context: TurnContext, memory: ConversationMemory, lang: Lang, action: { helpful: boolean; handoffId?: string }): Promise<boolean> {
    const t = this.replies.t(lang);
    if (action.handoffId) {
      await this.services.handoff.feedback(action.handoffId, action.helpful);
      await this.replies.text(context, t(action.helpful ? 'handoff.feedback.thanks' : 'handoff.feedback.sorry'), lang, [button(t('nav.menu'), { action: 'menu' })]);
      return false;
    }
    if (action.helpful) {
      memory.misses = 0;
      await this.replies.text(context, t('handoff.feedback.thanks'), lang);
      return false;
    }
    memory.misses += 1;
    if (memory.lastAsked) {
      await this.services.unanswered?.record(memory.lastAsked.text, lang, { reason: 'notHelpful', answerId: memory.lastAsked.answerId });
      memory.lastAsked = undefined;
    }
    if (memory.misses >= ESCALATE_AFTER_MISSES) {
      memory.misses = 0;
      return true;
    }
    await this.replies.text(context, t('feedback.notHelpful'), lang, [button(t('nav.menu'), { action: 'menu' }), this.replies.handoffButton(lang)]);
    return false;
  }

  private handoffOptions(lang: Lang, memory: ConversationMemory): HandoffOptions {
    return { lang, townId: memory.lastQuery?.townId ?? null, topic: memory.lastTopic ?? memory.lastQuery?.categories?.[0] ?? null };
  }

  private async more(context: TurnContext, memory: ConversationMemory, lang: Lang): Promise<void> {
    const last = memory.lastQuery!;
    const result = await this.services.ask.ask(repeatQuery(last, lang, this.services.translator.languages, { offset: last.offset }));
    if (result.offers.length === 0) {
      await this.replies.text(context, this.replies.t(lang)('search.noMore'), lang, [this.replies.handoffButton(lang)]);
      return;
    }
    memory.lastQuery = { ...last, offset: last.offset + PAGE_SIZE };
    await this.replies.offers(context, result, last.offset);
  }

  /** The language to answer a button, a command or an event in (the one rule, without a text to read). */
  async conversationLang(context: TurnContext): Promise<Lang> {
    const profile = await this.services.profile.get(context, {});
    const memory = await this.services.memory.get(context, { misses: 0 });
    return replyLanguage({ chosen: profile.lang, conversation: memory.lastLang, locale: context.activity.locale }, this.services.translator.languages).lang;
  }
}

/** A running dialog that takes this kind of message as its own answer is not interrupted by it. */
function handledBy(activeId: string | undefined, interruption: Interruption): boolean {
  return (
    (activeId === DialogIds.language && interruption === 'language') ||
    (activeId === DialogIds.deleteData && interruption === 'deleteData') ||
    (activeId === DialogIds.handoff && interruption === 'handoff')
  );
}
