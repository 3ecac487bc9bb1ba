import type { AnswerMatch } from '../search/answerMatcher';
import type { OfferSearchResult } from '../search/offerSearch';
import type { QueryAnalysis } from '../search/queryAnalyzer';

export const INTENTS = ['offers', 'answer', 'handoff', 'greeting', 'unknown'] as const;
export type Intent = (typeof INTENTS)[number];

/**
 * Thresholds on the 0..1 similarity and confidence scores. Tuned on eval/questions.jsonl;
 * change them only with `npm run eval` before and after.
 */
export const THRESHOLDS = {
  /** An answer this close wins even over a question that names a town. */
  answerCertain: 0.85,
  /** An answer this close wins when the question does not look for offers. */
  answerLikely: 0.6,
  /** Below this an answer is only a guess ("Did you mean …?"). */
  answerPossible: 0.45,
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
  const offersUnderstood = search.confidence >= THRESHOLDS.offers;
  const looksForOffers = analysis.townId !== null || analysis.cues.offerSeeking;
  // Asking without a place for something the catalogue explains ("Was kostet ein Integrationskurs?").
  if (similarity >= THRESHOLDS.answerCertain && (!looksForOffers || (analysis.cues.answerSeeking && analysis.townId === null))) {
    return { intent: 'answer', confidence: similarity, unsure: false };
  }
  // A question word with a close answer asks for that answer, a place or not: "Was kostet der
  // Integrationskurs in Döbeln?" gets the cost, and the Döbeln courses come below it.
  if (analysis.cues.answerSeeking && !analysis.cues.offerSeeking && similarity >= THRESHOLDS.answerLikely) {
    return { intent: 'answer', confidence: similarity, unsure: false };
  }
  // A place or "where / is there" wants offers: "Wo gibt es einen Integrationskurs in Döbeln?"
  if (looksForOffers && offersUnderstood) return { intent: 'offers', confidence: search.confidence, unsure: false };
  if (similarity >= THRESHOLDS.answerLikely) return { intent: 'answer', confidence: similarity, unsure: false };
  // "Wie lange dauert …", "Can I …": a question word and a fair match is a question for the catalogue.
  if (analysis.cues.answerSeeking && similarity >= THRESHOLDS.answerPossible) return { intent: 'answer', confidence: similarity, unsure: false };
  if (offersUnderstood) return { intent: 'offers', confidence: search.confidence, unsure: false };
  if (similarity >= THRESHOLDS.answerPossible) return { intent: 'answer', confidence: similarity, unsure: true };
  if (analysis.cues.greeting) return { intent: 'greeting', confidence: 0.6, unsure: false };
  return { intent: 'unknown', confidence: Math.max(similarity, search.confidence), unsure: true };
}
