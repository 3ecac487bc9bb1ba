import { withoutClitics } from '../text/clitics';
import { allowedTypos, editDistance } from '../text/editDistance';

const ARABIC_SCRIPT = /^[\u0600-\u06FF]/;
import type { LexiconTerm } from './lexicon';

export interface TermMatch {
  /** 1 exact, less for prefix, compound part or typo. */
  quality: number;
  /** Indexes of the query tokens the term covered. */
  positions: number[];
}

/**
 * How well one query token stands for one lexicon word: exactly, inflected ("kurse" for
 * "kurs"), as the head or tail of a German compound ("abendsprachkurs"), or with a typo.
 */
export function matchWord(token: string, word: string): number {
  if (ARABIC_SCRIPT.test(token)) return Math.max(...withoutClitics(token).map((form, i) => matchPlainWord(form, word) * (i === 0 ? 1 : 0.95)));
  return matchPlainWord(token, word);
}

function matchPlainWord(token: string, word: string): number {
  if (token === word) return 1;
  if (word.length >= 4 && token.startsWith(word) && token.length - word.length <= 4) return 0.9;
  if (word.length >= 5 && token.length > word.length + 2 && (token.endsWith(word) || token.startsWith(word))) return 0.8;
  const typos = allowedTypos(Math.min(token.length, word.length));
  if (typos > 0 && editDistance(token, word, typos) <= typos) return 0.75;
  return 0;
}

/**
 * Finds a term (one word or a phrase, words in order and adjacent) among the query tokens.
 * This is the definition of a match; `TermIndex` gives the same result for a whole list fast.
 */
export function matchTerm(tokens: readonly string[], term: LexiconTerm, strict = false): TermMatch | null {
  const last = strict ? matchInflected : matchWord;
  const words = term.tokens;
  if (words.length === 0 || words.length > tokens.length) return null;
  let best: TermMatch | null = null;
  for (let start = 0; start + words.length <= tokens.length; start++) {
    let quality = 1;
    for (let k = 0; k < words.length && quality > 0; k++) {
      // Inside a phrase only the last word may be inflected or misspelt; the others must be exact
      // so that "in" or "to" do not drift. Arabic fuses a preposition onto the phrase's first
      // word: "بدورة التوجيه" is "in the orientation course".
      const q = k === words.length - 1 ? last(tokens[start + k]!, words[k]!) : k === 0 ? phraseStart(tokens[start]!, words[0]!) : tokens[start + k] === words[k] ? 1 : 0;
      quality = Math.min(quality, q);
    }
    if (quality > 0 && (!best || quality > best.quality)) {
      best = { quality, positions: words.map((_, k) => start + k) };
    }
  }
  return best;
}

/**
 * How well a token stands for the first word of a phrase: exactly, or in Arabic with a fused
 * preposition or as the plural of it (`withoutClitics`).
 */
export function phraseStart(token: string, word: string): number {
  if (token === word) return 1;
  // A word without Arabic clitics comes back alone, and it is not `word`.
  return withoutClitics(token).includes(word) ? 0.95 : 0;
}

export const INFLECTIONS = ['s', 'e', 'n', 'en', 'es', 'in', 'innen'];

/**
 * Exact or with a plain inflection only. Intent cues use this: a cue word that drifts
 * ("agent" → "agentur") would send a newcomer to a person they did not ask for.
 */
export function matchInflected(token: string, word: string): number {
  if (withoutClitics(token).includes(word)) return token === word ? 1 : 0.9;
  return token.startsWith(word) && INFLECTIONS.includes(token.slice(word.length)) ? 0.9 : 0;
}
