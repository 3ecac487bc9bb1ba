import { pickText } from '../catalogue/localized';
import type { CategoryId, Level, Offer } from '../catalogue/types';
import type { Lang } from '../language/languages';
import type { QueryAnalysis } from '../search/queryAnalyzer';
import type { Facet } from '../search/lexicon';
import { isForeign, type Detection, type LanguageDetector } from '../language/detect';
import { replyLanguage } from '../language/replyLanguage';
import type { OfferSearchOptions } from '../search/offerSearch';
import type { SearchService } from '../search/searchService';
import { decideIntent, type Intent } from './intent';

export interface AskRequest {
  text: string;
  /** The language the newcomer chose; wins over detection. */
  lang?: Lang;
  /** The text's analysis when the caller has it already (the bot reads each message once). */
  analysis?: QueryAnalysis;
  /**
   * The conversation's topic: a follow-up that names none ("und was kostet das?") is read
   * against it, so the cost of the integration course asked about before is the answer.
   */
  topic?: CategoryId;
  /** A soft fallback when the text is too short to tell (stored preference, activity.locale). */
  fallbackLang?: Lang;
  townId?: string;
  limit?: number;
  offset?: number;
  require?: OfferSearchOptions['require'];
  /** A topic chosen from the menu: skips intent detection and searches this category. */
  categories?: CategoryId[];
  /** An age from earlier in the conversation, when the text names none. */
  age?: number;
  /** Preferred course levels (ranked first, not a filter: a B1 learner may still want a B2 course). */
  levels?: Level[];
  /** Languages the product can answer in (those with a complete locale). */
  supported: readonly Lang[];
}

export interface AskOffer {
  offer: Offer;
  score: number;
  distanceKm: number | null;
  why: string[];
}

export interface AskAnswer {
  id: string;
  category: CategoryId;
  text: string;
  /** Language of `text`; German when no translation exists yet. */
  textLang: Lang;
  matchedQuestion: string;
  followUps: string[];
}

export interface AskResult {
  lang: Lang;
  /** How the language was chosen: explicit, detected, fallback. */
  langSource: 'explicit' | 'detected' | 'fallback';
  /** A language was detected that the product does not speak (Turkish...). */
  unsupportedLanguage: boolean;
  intent: Intent;
  confidence: number;
  unsure: boolean;
  townId: string | null;
  categories: CategoryId[];
  offers: AskOffer[];
  total: number;
  /**
   * Wishes the question named (evening, free, …) that the offers shown do not meet: offers that
   * meet every wish come first, so these are the ones no offer of the asked kind meets.
   */
  relaxed: Facet[];
  answer: AskAnswer | null;
  /**
   * With an answer: the offers are listed under it. Only a question that asks for facts alone
   * ("What does the integration course cost?") gets them behind a button; one that names a place
   * or a wish, asks where, or tells a situation ("apprenticeship, I'm 19 and have B1") sees them.
   */
  offersBelow: boolean;
  /**
   * When the best answers are about equally close, all of them (two or three, best first), each
   * with a question in the reply's language: the bot asks which was meant instead of guessing.
   */
  choices: { id: string; question: string }[];
}

/** Answers this close to the best one are as likely meant. */
const TORN_WITHIN = 0.08;

/** A timer as /metrics keeps one (a histogram): starting it returns the stop. */
export interface QuestionTimer {
  startTimer(): () => unknown;
}

/** The one pipeline behind `/api/ask` and the bot: language, understanding, search. */
export class AskService {
  constructor(
    private readonly search: SearchService,
    private readonly detector: LanguageDetector,
    /** Times each question for /metrics, when given. */
    private readonly timer?: QuestionTimer,
  ) {}

  async ask(request: AskRequest): Promise<AskResult> {
    const stop = this.timer?.startTimer();
    try {
      return await this.answer(request);
    } finally {
      stop?.();
    }
  }

  private async answer(request: AskRequest): Promise<AskResult> {
    // The words are read once, by the analysis; language detection counts its markers in them.
    const parsed = request.analysis ?? this.search.analyze(request.text);
    const detection = this.detector.detectOrForeign(request.text, parsed.tokens);
    const detected = isForeign(detection) ? null : detection;
    const { lang, langSource } = this.resolveLanguage(request, detected);
    const analysis = {
      ...parsed,
      levels: request.levels?.length ? [...new Set([...parsed.levels, ...request.levels])] : parsed.levels,
      age: parsed.age ?? request.age ?? null,
    };
    const townId = request.townId ?? analysis.townId;
    const result = this.search.findOffers({
      analysis,
      townId,
      rankBy: request.categories,
      require: request.require,
      limit: request.limit ?? 3,
      offset: request.offset ?? 0,
    });
    const matches = request.categories ? [] : this.search.matchAnswers(analysis, request.topic);
    const [best] = matches;
    const decision = request.categories
      ? { intent: 'offers' as const, confidence: 1, unsure: false }
      : decideIntent(analysis, best, result);

    const offers: AskOffer[] = [];
    if (decision.intent === 'offers' || decision.intent === 'answer') {
      const read = new Map((await this.search.readOffers(result.hits.map((h) => h.offerId))).map((o) => [o.id, o]));
      for (const hit of result.hits) {
        const offer = read.get(hit.offerId);
        if (offer) offers.push({ offer, score: hit.score, distanceKm: hit.distanceKm, why: hit.why });
      }
    }
    let answer: AskAnswer | null = null;
    if (decision.intent === 'answer' && best) {
      const a = this.search.getAnswer(best.answerId);
      if (a) {
        const picked = pickText(a.answer, lang);
        answer = {
          id: a.id,
          category: a.category,
          text: picked.text,
          textLang: picked.lang,
          matchedQuestion: best.question,
          followUps: a.followUps,
        };
      }
    }
    return {
      lang,
      langSource,
      // Only when nothing at all was understood: a bare "Abenddeutsch Freiberg" has no marker
      // words either, yet it is plainly German enough to answer.
      unsupportedLanguage:
        langSource !== 'explicit' &&
        (isForeign(detection) || (detected === null && decision.intent === 'unknown' && analysis.tokens.length >= 2)),
      intent: decision.intent,
      confidence: Math.round(decision.confidence * 100) / 100,
      unsure: decision.unsure,
      townId,
      categories: answer ? [answer.category] : result.categories,
      // With an answer, the offers of its topic come along: clients may offer them as a next step.
      offers,
      total: result.total,
      relaxed: offers[0] ? analysis.facets.filter((f) => !offers[0]!.offer[f]) : [],
      answer,
      offersBelow: !!answer && offers.length > 0 && !asksOnlyFacts(analysis, townId),
      choices: answer && best ? this.choices(matches.filter((m) => best.score - m.score < TORN_WITHIN), lang) : [],
    };
  }

  private choices(torn: { answerId: string }[], lang: Lang): { id: string; question: string }[] {
    if (torn.length < 2) return [];
    return torn.flatMap((m) => {
      const a = this.search.getAnswer(m.answerId);
      const question = a?.questions[lang]?.[0] ?? a?.questions.de?.[0];
      return a && question ? [{ id: a.id, question }] : [];
    });
  }

  private resolveLanguage(request: AskRequest, detected: Detection | null): { lang: Lang; langSource: AskResult['langSource'] } {
    const { lang, source } = replyLanguage({ chosen: request.lang, detected, conversation: request.fallbackLang }, request.supported);
    return { lang, langSource: source };
  }

}

/** "What is …", "How much …" with no place, wish or "where": the answer is all that was asked. */
function asksOnlyFacts(analysis: QueryAnalysis, townId: string | null): boolean {
  return analysis.cues.answerSeeking && !analysis.cues.offerSeeking && townId === null && analysis.facets.length === 0;
}
