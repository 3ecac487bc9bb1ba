import { withoutClitics } from '../text/clitics';
import { allowedTypos } from '../text/editDistance';
import { TypoVocabulary } from '../text/typoVocabulary';
import { BoundedMemo } from '../text/boundedMemo';
import type { LexiconTerm } from './lexicon';
import { INFLECTIONS, phraseStart, type TermMatch } from './termMatcher';

export interface IndexedMatch<T> {
  term: T;
  match: TermMatch;
}

/**
 * All terms of a list matched against a question at once, with the result `matchTerm` gives
 * term by term. Trying each of ~2,000 lexicon terms on each question word cost milliseconds per
 * question; here a question word looks up the few lexicon words it can stand for (exact, as a
 * prefix or suffix of a compound, or within the typos its length allows) and only the terms
 * ending in those words are checked.
 */
export class TermIndex<T extends LexiconTerm> {
  /** Terms by their last word: the only word that may be inflected or misspelt. */
  private readonly byLastWord = new Map<string, number[]>();
  /** Last words, for the typo search. */
  private readonly lastWords: TypoVocabulary;
  /** What each question word stands for, worked out once per word. */
  private readonly wordsOf = new BoundedMemo<ReadonlyMap<string, number>>();

  constructor(
    private readonly terms: readonly T[],
    private readonly strict = false,
    /**
     * A word that is itself a term is not read as a misspelling of another. For the wishes:
     * Arabic المساء (evening) is one letter from النساء (women), and "only in the evening" must
     * not become "women only". Not for categories, where one language's spelling is another's
     * typo (Ukrainian атестат, Russian аттестат).
     */
    private readonly knownWordsExact = false,
  ) {
    terms.forEach((term, ordinal) => {
      const last = term.tokens[term.tokens.length - 1];
      if (last === undefined) return;
      const list = this.byLastWord.get(last);
      if (list) list.push(ordinal);
      else this.byLastWord.set(last, [ordinal]);
    });
    this.lastWords = new TypoVocabulary(this.byLastWord.keys());
  }

  /** The best match of every term found in the tokens, in the order of the term list. */
  matchAll(tokens: readonly string[]): IndexedMatch<T>[] {
    const best = new Map<number, { quality: number; start: number }>();
    tokens.forEach((token, end) => {
      for (const [word, quality] of this.wordsOf.get(token, (t) => this.wordsFor(t))) {
        for (const ordinal of this.byLastWord.get(word)!) {
          const words = this.terms[ordinal]!.tokens;
          const start = end - words.length + 1;
          if (start < 0) continue;
          let phrase = quality;
          for (let k = 0; k < words.length - 1 && phrase > 0; k++) {
            phrase = Math.min(phrase, k === 0 ? phraseStart(tokens[start]!, words[0]!) : tokens[start + k] === words[k] ? 1 : 0);
          }
          if (phrase <= 0) continue;
          // Scanning left to right, a later start only wins with a better match, as in matchTerm.
          const previous = best.get(ordinal);
          if (!previous || phrase > previous.quality) best.set(ordinal, { quality: phrase, start });
        }
      }
    });
    return [...best.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([ordinal, { quality, start }]) => {
        const term = this.terms[ordinal]!;
        return { term, match: { quality, positions: term.tokens.map((_, k) => start + k) } };
      });
  }

  /** True when any term occurs in the tokens. */
  matchesAny(tokens: readonly string[]): boolean {
    return this.matchAll(tokens).length > 0;
  }

  /** The lexicon words this token can stand for, with the quality `matchWord` gives. */
  private wordsFor(token: string): ReadonlyMap<string, number> {
    const found = new Map<string, number>();
    const note = (word: string, quality: number) => {
      if (quality > (found.get(word) ?? 0) && this.byLastWord.has(word)) found.set(word, quality);
    };
    if (this.strict) {
      for (const form of withoutClitics(token)) note(form, form === token ? 1 : 0.9);
      for (const ending of INFLECTIONS) if (token.endsWith(ending)) note(token.slice(0, -ending.length), 0.9);
      return found;
    }
    withoutClitics(token).forEach((form, i) => this.notePlainWords(form, (word, quality) => note(word, quality * (i === 0 ? 1 : 0.95))));
    return found;
  }

  /** Calls `note` for every word a clitic-free token can stand for: exact, compound part, typo. */
  private notePlainWords(token: string, note: (word: string, quality: number) => void): void {
    note(token, 1);
    for (let k = 4; k < token.length; k++) {
      const head = token.slice(0, k);
      if (token.length - k <= 4) note(head, 0.9);
      else if (k >= 5 && token.length > k + 2) note(head, 0.8);
    }
    for (let k = 5; k + 2 < token.length; k++) note(token.slice(token.length - k), 0.8);
    if (this.knownWordsExact && this.byLastWord.has(token)) return;
    this.lastWords.forEachNear(token, (length) => allowedTypos(Math.min(token.length, length)), (word) => note(word, 0.75));
  }
}
