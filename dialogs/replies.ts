import { AttachmentLayoutTypes, MessageFactory, type CardAction, type TurnContext } from 'botbuilder';
import type { Miss } from '../src/catalogue/unanswered';
import type { AskOffer, AskResult, AskService } from '../src/ask/askService';
import { offerCard, type CatalogueLookup } from '../src/channels/offerCards';
import { pickText } from '../src/catalogue/localized';
import type { Lang } from '../src/language/languages';
import { NATIVE_LANGUAGE_NAMES } from '../src/language/languages';
import type { CommandRecognizer } from '../src/ask/commands';
import type { Translate, Translator } from '../src/language/i18n';
import type { SearchService } from '../src/search/searchService';
import type { ConversationMemory, UserProfile } from './conversationMemory';
import type { StatePropertyAccessor } from 'botbuilder';
import type { HandoffDesk } from './handoffRequest';
import { button } from './actions';
import type { DemandRecorder } from '../src/analytics/demandEvents';
import type { ErasedData } from '../src/privacy/erase';

import { PAGE_SIZE } from './conversationMemory';

/** Everything the dialogs need, passed in by the composition root. */
export interface DialogServices {
  ask: AskService;
  search: SearchService;
  translator: Translator;
  commands: CommandRecognizer;
  memory: StatePropertyAccessor<ConversationMemory>;
  profile: StatePropertyAccessor<UserProfile>;
  handoff: HandoffDesk;
  /** Where questions that found nothing are kept (scrubbed) for the coordinators. */
  unanswered?: { record(text: string, lang: Lang, miss?: Miss): Promise<void> };
  /** The anonymous demand log behind the steering report. */
  demand?: DemandRecorder;
  /** Erases everything stored about the newcomer in this turn's channel. */
  privacy: { erase(context: TurnContext, options?: { dryRun?: boolean }): Promise<ErasedData> };
}

/**
 * Composes replies: texts in the newcomer's language with the locale set (so clients render
 * Arabic and Farsi right to left), offer cards, and the standard buttons.
 *
 * Every text here is plain, catalogue values included as they are: the channel rendering makes
 * it literal where a channel reads Markdown (src/text/markup.ts). Escaping here instead would
 * put backslashes into SMS, e-mail and Facebook, which show text as it is.
 */
export class Replies {
  private readonly lookup: CatalogueLookup;

  constructor(private readonly services: DialogServices) {
    this.lookup = { getProvider: (id) => services.search.getProvider(id), towns: services.search.towns };
  }

  t(lang: Lang): Translate {
    return this.services.translator.forLanguage(lang);
  }

  async text(context: TurnContext, text: string, lang: Lang, actions: CardAction[] = []): Promise<void> {
    const reply = MessageFactory.text(text);
    reply.locale = lang;
    if (actions.length) reply.suggestedActions = { actions, to: [] };
    await context.sendActivity(reply);
  }

  handoffButton(lang: Lang): CardAction {
    return button(this.t(lang)('actions.handoff'), { action: 'handoff' });
  }

  moreButton(lang: Lang): CardAction {
    return button(this.t(lang)('actions.more'), { action: 'more' });
  }

  /** Offers as a carousel with an introduction that names the town and says when none is in it. */
  async offers(context: TurnContext, result: AskResult, offset = 0): Promise<void> {
    const lang = result.lang;
    const t = this.t(lang);
    const town = result.townId ? this.services.search.towns.get(result.townId)?.name : undefined;
    const first = result.offers[0]?.offer;
    const inTown = first && (first.townId === result.townId || first.mode !== 'onsite');
    const intro =
      offset > 0
        ? t('search.more')
        : town
          ? inTown
            ? t('search.foundInTown', { count: result.total, town })
            : t('search.noneInTown', { town })
          : t('search.found', { count: result.total });
    // Said when a wish had to be dropped: the newcomer must not take an afternoon course for the evening one.
    const relaxed = offset === 0 && result.relaxed.length ? `\n\n${t('search.relaxed', { filters: result.relaxed.map((f) => t(`guided.pref.${f}`)).join(', ') })}` : '';
    const actions: CardAction[] = [];
    if (result.total > offset + result.offers.length) actions.push(this.moreButton(lang));
    actions.push(this.handoffButton(lang));
    // The sample-data note goes with the offers, not after them: Web Chat shows the buttons of
    // the last message only, and a note of its own hid "more" and "talk to a person".
    const sample = result.offers.some((o) => o.offer.sample);
    const reply = MessageFactory.carousel(
      result.offers.map((hit) => offerCard(hit, lang, t, this.lookup)),
      sample ? `${intro}${relaxed}\n\n⚠ ${t('search.sampleNote')}` : `${intro}${relaxed}`,
    );
    reply.attachmentLayout = AttachmentLayoutTypes.Carousel;
    reply.suggestedActions = { actions, to: [] };
    reply.locale = lang;
    await context.sendActivity(reply);
  }

  /** A catalogue answer with its follow-up questions as buttons. */
  async answer(context: TurnContext, answerId: string, lang: Lang, options: { unsureOf?: string; withOffers?: boolean } = {}): Promise<void> {
    const t = this.t(lang);
    const answer = this.services.search.getAnswer(answerId);
    if (!answer) {
      await this.text(context, t('unknown.text'), lang, [this.handoffButton(lang)]);
      return;
    }
    // Answers are plain text too, links and all: no seed answer uses Markdown or HTML (their
    // sources have a field of their own), so link syntax in one can only come from an edit or
    // import we cannot vouch for, and a link's text could hide where it leads.
    const picked = pickText(answer.answer, lang);
    const parts: string[] = [];
    if (options.unsureOf) parts.push(t('answer.unsure', { question: options.unsureOf }));
    if (picked.fallback) parts.push(t('answer.germanOnly'));
    parts.push(picked.text);
    const followUps: CardAction[] = [];
    for (const id of answer.followUps) {
      const next = this.services.search.getAnswer(id);
      const question = next?.questions[lang]?.[0] ?? next?.questions.de?.[0];
      if (question) followUps.push(button(question, { action: 'answer', answerId: id }));
    }
    const offers = options.withOffers ? [button(t('answer.showOffers'), { action: 'more' })] : [];
    const notHelpful = button(t('actions.notHelpful'), { action: 'feedback', helpful: false });
    await this.text(context, parts.join('\n\n'), lang, [...followUps, ...offers, notHelpful, this.handoffButton(lang)]);
  }

  /** Two or three answers about equally close: which one was meant, as buttons. */
  async choices(context: TurnContext, choices: { id: string; question: string }[], lang: Lang): Promise<void> {
    const t = this.t(lang);
    const buttons = choices.map((c) => button(c.question, { action: 'answer', answerId: c.id }));
    await this.text(context, t('answer.didYouMean'), lang, [...buttons, this.handoffButton(lang)]);
  }

  /** The nearest counselling services with their contacts: the way to a person when no advisor is online. */
  async counselling(context: TurnContext, lang: Lang, townId: string | null, intro: string): Promise<void> {
    const t = this.t(lang);
    const result = await this.services.ask.ask({
      text: '',
      lang,
      townId: townId ?? 'freiberg',
      categories: ['counselling'],
      limit: PAGE_SIZE,
      supported: this.services.translator.languages,
    });
    if (result.offers.length === 0) {
      await this.text(context, `${intro}\n\n${t('handoff.noCounselling')}`, lang);
      return;
    }
    const reply = MessageFactory.carousel(
      result.offers.map((hit: AskOffer) => offerCard(hit, lang, t, this.lookup)),
      intro,
    );
    reply.locale = lang;
    await context.sendActivity(reply);
  }

  /** For a message in a language we do not speak: the languages we do, as buttons, in German and English. */
  async languageList(context: TurnContext, lang: Lang): Promise<void> {
    const buttons = this.services.translator.languages.map((l) => button(NATIVE_LANGUAGE_NAMES[l], { action: 'language', lang: l }));
    const text = lang === 'en' ? this.t('en')('language.unsupported') : `${this.t(lang)('language.unsupported')}\n\n${this.t('en')('language.unsupported')}`;
    await this.text(context, text, lang, buttons);
  }

  /** The topic menu: the 13 categories, named in the newcomer's language. */
  async menu(context: TurnContext, lang: Lang): Promise<void> {
    const actions = [...this.services.search.categories.values()].map((c) =>
      button(pickText(c.name, lang).text, { action: 'topic', category: c.id }),
    );
    await this.text(context, this.t(lang)('menu.prompt'), lang, actions);
  }
}
