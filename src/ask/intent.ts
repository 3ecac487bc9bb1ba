import type { CategoryId } from '../catalogue/types';
import type { AnswerMatch } from '../search/answerMatcher';
import type { OfferSearchResult } from '../search/offerSearch';
import type { QueryAnalysis } from '../search/queryAnalyzer';

export const INTENTS = ['offers', 'answer', 'handoff', 'greeting', 'unknown'] as const;
export type Intent = (typeof INTENTS)[number];

/**
 * Thresholds on the answer match (similarity 0..1, score 0..2.4) and the offer search's
 * confidence (0..1). Tuned on eval/questions.jsonl and the development part of the answer set;
 * change them only with `npm run eval` before and after.
 */
export const THRESHOLDS = {
  /** An answer this close wins even over a question that names a town. */
  answerCertain: 0.85,
  /** An answer this close wins when the question does not look for offers. */
  answerLikely: 0.6,
  /** Below this an answer is only a guess ("Did you mean …?"). */
  answerPossible: 0.45,
  /**
   * A question that says more than a topic and a place (a situation, a worry, a question word)
   * gets the answer whose variants and text fit it this well, with the offers below it.
   */
  answerFits: 1.3,
  /** Offer search this confident counts as understood. */
  offers: 0.5,
} as const;

export interface IntentDecision {
  intent: Intent;
  confidence: number;
  /** True when the bot should say it is not sure and offer a person. */
  unsure: boolean;
}

/** Decides what the newcomer wants from the analysed question, the best answer and the offer search. */
export function decideIntent(analysis: QueryAnalysis, answer: AnswerMatch | undefined, search: OfferSearchResult): IntentDecision {
  if (analysis.tokens.length === 0) return { intent: 'unknown', confidence: 0, unsure: true };
  if (analysis.cues.handoff) return { intent: 'handoff', confidence: 0.9, unsure: false };
  if (analysis.cues.greetingOnly) return { intent: 'greeting', confidence: 0.9, unsure: false };

  const similarity = answer?.similarity ?? 0;
  const score = answer?.score ?? 0;
  const offersUnderstood = search.confidence >= THRESHOLDS.offers;
  const looksForOffers = analysis.townId !== null || analysis.cues.offerSeeking;
  const answered = (confidence: number) => ({ intent: 'answer' as const, confidence: Math.min(1, confidence), unsure: false });
  // An answer of a topic the question does not name is a neighbour's: "Integrationskurs in
  // Chemnitz" is not about the IHK in Chemnitz, "German for work, I work mornings" not about work
  // permits. A question that names no topic needs more than one shared word ("курс євро").
  const onTopic =
    !!answer &&
    (namesTopic(analysis)
      ? analysis.topics.some((id) => id === answer.category || RELATED_TOPICS[id].includes(answer.category))
      : answer.matched.length >= 2 || similarity >= THRESHOLDS.answerPossible);
  // Asking without a place for something the catalogue explains ("Was kostet ein Integrationskurs?").
  if (similarity >= THRESHOLDS.answerCertain && (!looksForOffers || (analysis.cues.answerSeeking && analysis.townId === null))) {
    return answered(similarity);
  }
  // A question that tells more than a topic, a place and wishes asks what the catalogue explains:
  // "I work full time, do I pay for the integration course myself?" gets the cost, and offers
  // below it when it also looked for some. "Where can I do an integration course in Freiberg?"
  // tells no more and gets the courses alone.
  const tellsMore = analysis.residualTokens.length > 0 || (analysis.cues.answerSeeking && !analysis.cues.offerSeeking);
  if (tellsMore && onTopic && score >= THRESHOLDS.answerFits) return answered(score / 2);
  // A question word with a close answer asks for that answer, a place or not: "Was kostet der
  // Integrationskurs in Döbeln?" gets the cost, and the Döbeln courses come below it.
  if (analysis.cues.answerSeeking && !analysis.cues.offerSeeking && onTopic && similarity >= THRESHOLDS.answerLikely) return answered(similarity);
  // A place or "where / is there" wants offers: "Wo gibt es einen Integrationskurs in Döbeln?"
  if (looksForOffers && offersUnderstood) return { intent: 'offers', confidence: search.confidence, unsure: false };
  if (onTopic && similarity >= THRESHOLDS.answerLikely) return answered(similarity);
  // "Wie lange dauert …", "Can I …": a question word and a fair match is a question for the catalogue.
  if (analysis.cues.answerSeeking && onTopic && similarity >= THRESHOLDS.answerPossible) return answered(similarity);
  if (offersUnderstood) return { intent: 'offers', confidence: search.confidence, unsure: false };
  if (similarity >= THRESHOLDS.answerPossible) return { intent: 'answer', confidence: similarity, unsure: true };
  if (analysis.cues.greeting) return { intent: 'greeting', confidence: 0.6, unsure: false };
  return { intent: 'unknown', confidence: Math.max(similarity, search.confidence), unsure: true };
}

/**
 * Topics a question can name for another's answer: "a job German course, free while I work"
 * reads as a German course and finds the job-language course's cost; "Umschulung, does the
 * Jobcenter pay?" reads as work and finds further training. Work permits are not German courses.
 */
const RELATED_TOPICS: Record<CategoryId, readonly CategoryId[]> = {
  'integration-course': ['german-course', 'job-language-course'],
  'job-language-course': ['german-course', 'integration-course'],
  'german-course': ['integration-course', 'job-language-course', 'childcare'],
  'language-meetup': [],
  literacy: [],
  school: [],
  'vocational-training': ['adult-education'],
  university: [],
  recognition: [],
  counselling: [],
  childcare: [],
  work: ['adult-education'],
  'adult-education': [],
};

/**
 * A word several topics share ("курс", "course") names none of them: below this the question's
 * strongest topic is only a hint.
 */
const NAMED_TOPIC = 0.5;

function namesTopic(analysis: QueryAnalysis): boolean {
  return (analysis.categories[0]?.score ?? 0) >= NAMED_TOPIC;
}
