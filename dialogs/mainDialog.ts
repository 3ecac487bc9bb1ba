import {
  ActivityTypes,
  AttachmentLayoutTypes,
  MessageFactory,
  type Activity,
  type CardAction,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { AskResult, AskService } from '../src/ask/askService';
import { offerCard, type CatalogueLookup } from '../src/channels/offerCards';
import { isLang, type Lang } from '../src/catalogue/types';
import type { Translate, Translator } from '../src/language/i18n';
import type { SearchService } from '../src/search/searchService';
import { DialogIds } from './dialogIds';
import type { ConversationMemory, UserProfile } from './conversationMemory';

/** Longer messages are cut: nobody asks for a course in more words, and search cost grows with length. */
export const MAX_MESSAGE_LENGTH = 1000;
const PAGE_SIZE = 3;

export type BotAction = { action: 'more' } | { action: 'handoff' } | { action: 'answer'; answerId: string };

export interface MainDialogDeps {
  ask: AskService;
  search: SearchService;
  translator: Translator;
  memory: StatePropertyAccessor<ConversationMemory>;
  profile: StatePropertyAccessor<UserProfile>;
}

/**
 * Answers a free question: offers as cards, a catalogue answer, or a polite "not understood"
 * with a way to a person. Buttons carry their meaning in `value`, so they work whatever the
 * label says in the newcomer's language.
 */
export class MainDialog extends ComponentDialog {
  private readonly lookup: CatalogueLookup;

  constructor(private readonly deps: MainDialogDeps) {
    super(DialogIds.main);
    this.lookup = { getProvider: (id) => deps.search.getProvider(id), towns: deps.search.towns };
    this.addDialog(new WaterfallDialog(DialogIds.mainWaterfall, [(step) => this.respond(step)]));
    this.initialDialogId = DialogIds.mainWaterfall;
  }

  /** Runs the dialog for one turn; the bot calls this for every message. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor): Promise<void> {
    const set = new DialogSet(dialogState);
    set.add(this);
    const dc = await set.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  private async respond(step: WaterfallStepContext) {
    const context = step.context;
    const memory = await this.deps.memory.get(context, { misses: 0 });
    const profile = await this.deps.profile.get(context, {});
    const action = readAction(context.activity);
    const rawText = (context.activity.text ?? '').trim();
    const text = rawText.slice(0, MAX_MESSAGE_LENGTH);
    const fallbackLang = profile.lang ?? memory.lastLang ?? localeLang(context.activity.locale);

    // Buttons carry no language of their own: answer in the one the conversation already has.
    const buttonLang = fallbackLang ?? 'de';
    if (action?.action === 'more' && memory.lastQuery) {
      await this.sendMore(context, memory, buttonLang);
    } else if (action?.action === 'answer') {
      await this.sendAnswerById(context, action.answerId, buttonLang);
    } else if (action?.action === 'handoff') {
      await this.sendHandoff(context, buttonLang, memory.lastQuery?.townId ?? null);
    } else {
      const result = this.deps.ask.ask({
        text,
        lang: profile.lang,
        fallbackLang,
        limit: PAGE_SIZE,
        supported: this.deps.translator.languages,
      });
      const t = this.deps.translator.forLanguage(result.lang);
      if (rawText.length > MAX_MESSAGE_LENGTH) await this.send(context, t('errors.tooLong'), result.lang);
      if (result.unsupportedLanguage) await this.send(context, t('language.unsupported'), result.lang);
      await this.reply(context, result, memory, t, text);
      memory.lastLang = result.lang;
    }
    await this.deps.memory.set(context, memory);
    return step.endDialog();
  }

  private async reply(context: TurnContext, result: AskResult, memory: ConversationMemory, t: Translate, text: string) {
    const lang = result.lang;
    switch (result.intent) {
      case 'greeting':
        memory.misses = 0;
        await this.send(context, t('greeting.text'), lang);
        return;
      case 'handoff':
        await this.sendHandoff(context, lang, result.townId);
        return;
      case 'answer':
        memory.misses = 0;
        await this.sendAnswer(context, result, t);
        return;
      case 'offers':
        if (result.offers.length === 0) break;
        memory.misses = 0;
        memory.lastQuery = { text, townId: result.townId, offset: PAGE_SIZE };
        await this.sendOffers(context, result, t);
        return;
      case 'unknown':
        break;
    }
    memory.misses += 1;
    const key = result.intent === 'offers' ? 'search.noResults' : 'unknown.text';
    await this.send(context, t(key), lang, [this.handoffAction(t)]);
  }

  private async sendOffers(context: TurnContext, result: AskResult, t: Translate, offset = 0) {
    const lang = result.lang;
    const town = result.townId ? this.deps.search.towns.get(result.townId)?.name : undefined;
    const intro =
      offset > 0
        ? t('search.more')
        : town
          ? result.offers[0]?.offer.townId === result.townId || result.offers[0]?.offer.mode !== 'onsite'
            ? t('search.foundInTown', { count: result.total, town })
            : t('search.noneInTown', { town })
          : t('search.found', { count: result.total });
    const cards = result.offers.map((hit) => offerCard(hit, lang, t, this.lookup));
    const actions: CardAction[] = [];
    if (result.total > offset + result.offers.length) actions.push(this.moreAction(t));
    actions.push(this.handoffAction(t));
    const reply = MessageFactory.carousel(cards, intro);
    reply.attachmentLayout = AttachmentLayoutTypes.Carousel;
    reply.suggestedActions = { actions, to: [] };
    reply.locale = lang;
    await context.sendActivity(reply);
    if (result.offers.some((o) => o.offer.sample)) await this.send(context, t('search.sampleNote'), lang);
  }

  private async sendMore(context: TurnContext, memory: ConversationMemory, lang: Lang) {
    const last = memory.lastQuery!;
    const result = this.deps.ask.ask({
      text: last.text,
      lang,
      townId: last.townId ?? undefined,
      offset: last.offset,
      limit: PAGE_SIZE,
      supported: this.deps.translator.languages,
    });
    const t = this.deps.translator.forLanguage(result.lang);
    if (result.offers.length === 0) {
      await this.send(context, t('search.noMore'), result.lang, [this.handoffAction(t)]);
      return;
    }
    memory.lastQuery = { ...last, offset: last.offset + PAGE_SIZE };
    await this.sendOffers(context, result, t, last.offset);
  }

  private async sendAnswer(context: TurnContext, result: AskResult, t: Translate) {
    const answer = result.answer!;
    const parts: string[] = [];
    if (result.unsure) parts.push(t('answer.unsure', { question: answer.matchedQuestion }));
    if (answer.textLang !== result.lang) parts.push(t('answer.germanOnly'));
    parts.push(answer.text);
    const actions = this.followUpActions(answer.followUps, result.lang);
    actions.push(this.handoffAction(t));
    await this.send(context, parts.join('\n\n'), result.lang, actions);
  }

  private async sendAnswerById(context: TurnContext, answerId: string, lang: Lang) {
    const t = this.deps.translator.forLanguage(lang);
    const answer = this.deps.search.getAnswer(answerId);
    if (!answer) {
      await this.send(context, t('unknown.text'), lang, [this.handoffAction(t)]);
      return;
    }
    const text = answer.answer[lang];
    const body = text ?? `${t('answer.germanOnly')}\n\n${answer.answer.de}`;
    await this.send(context, body, lang, [...this.followUpActions(answer.followUps, lang), this.handoffAction(t)]);
  }

  private async sendHandoff(context: TurnContext, lang: Lang, townId: string | null) {
    const t = this.deps.translator.forLanguage(lang);
    const counselling = this.deps.search.searchOffers(this.deps.search.analyze(''), {
      townId: townId ?? 'freiberg',
      categories: ['counselling'],
      limit: PAGE_SIZE,
    });
    const offers = counselling.hits
      .map((h) => ({ offer: this.deps.search.getOffer(h.offerId)!, score: h.score, distanceKm: h.distanceKm, why: h.why }))
      .filter((h) => h.offer);
    if (offers.length === 0) {
      await this.send(context, `${t('handoff.text')}\n\n${t('handoff.noCounselling')}`, lang);
      return;
    }
    const reply = MessageFactory.carousel(
      offers.map((hit) => offerCard(hit, lang, t, this.lookup)),
      t('handoff.text'),
    );
    reply.locale = lang;
    await context.sendActivity(reply);
  }

  private followUpActions(ids: readonly string[], lang: Lang): CardAction[] {
    const actions: CardAction[] = [];
    for (const id of ids) {
      const answer = this.deps.search.getAnswer(id);
      const question = answer?.questions[lang]?.[0] ?? answer?.questions.de?.[0];
      if (!question) continue;
      actions.push({ type: 'messageBack', title: question, text: question, displayText: question, value: { action: 'answer', answerId: id } });
    }
    return actions;
  }

  private moreAction(t: Translate): CardAction {
    const title = t('actions.more');
    return { type: 'messageBack', title, text: title, displayText: title, value: { action: 'more' } };
  }

  private handoffAction(t: Translate): CardAction {
    const title = t('actions.handoff');
    return { type: 'messageBack', title, text: title, displayText: title, value: { action: 'handoff' } };
  }

  private async send(context: TurnContext, text: string, lang: Lang, actions: CardAction[] = []) {
    const reply = MessageFactory.text(text);
    reply.locale = lang;
    if (actions.length) reply.suggestedActions = { actions, to: [] };
    await context.sendActivity(reply);
  }
}

/** Reads what a button meant from `value`; plain-text channels send the label, which the ask pipeline handles. */
export function readAction(activity: Partial<Activity>): BotAction | null {
  if (activity.type !== ActivityTypes.Message) return null;
  const value = activity.value as { action?: unknown; answerId?: unknown } | undefined;
  if (!value || typeof value !== 'object') return null;
  if (value.action === 'more' || value.action === 'handoff') return { action: value.action };
  if (value.action === 'answer' && typeof value.answerId === 'string') return { action: 'answer', answerId: value.answerId };
  return null;
}

/** "de-DE" → "de"; unknown or missing locales give undefined. */
export function localeLang(locale: string | undefined): Lang | undefined {
  const base = locale?.split(/[-_]/)[0]?.toLowerCase();
  return isLang(base) ? base : undefined;
}
