import { bitCount } from './bits';
import { editDistance } from './editDistance';

/**
 * A word's letters as a set of 32 bits (each UTF-16 code unit modulo 32). An insertion or a
 * deletion changes at most one bit of it, a substitution at most two, a transposition none: two
 * words whose sets differ in more than 2 × max bits are more than max edits apart. Letters that
 * share a bit only make the bound weaker, never wrong.
 */
export function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) set |= 1 << (word.charCodeAt(i) & 31);
  return set;
}

/**
 * A vocabulary arranged for typo search: the words a misspelt word may stand for are those of a
 * similar length within a few edits. Comparing a word with every word of those lengths took
 * 0.2 ms per question word for the offers' vocabulary, most of a question that was not cached;
 * the letter sets rule out almost all of them before the edit distance is computed.
 */
export class TypoVocabulary {
  /** Word lengths, shortest first, each with its words and their letter sets. */
  private readonly groups: { length: number; words: string[]; letters: Int32Array }[] = [];

  /** `words` without repeats; each length keeps them in the order given. */
  constructor(words: Iterable<string>) {
    const lists = new Map<number, string[]>();
    for (const word of words) {
      const list = lists.get(word.length);
      if (list) list.push(word);
      else lists.set(word.length, [word]);
    }
    for (const [length, list] of [...lists].sort((a, b) => a[0] - b[0])) this.groups.push({ length, words: list, letters: Int32Array.from(list, letterSet) });
  }

  /**
   * Calls `visit` for every word other than `term` within `typos(length)` edits of it, where
   * `length` is the other word's length, shortest words first. Plain Levenshtein unless
   * `transpositions` (then "Frieberg" is one edit from "Freiberg").
   */
  forEachNear(term: string, typos: (length: number) => number, visit: (word: string, distance: number) => void, transpositions = true): void {
    const letters = letterSet(term);
    for (const { length, words, letters: sets } of this.groups) {
      const max = typos(length);
      if (max <= 0 || Math.abs(length - term.length) > max) continue;
      for (let i = 0; i < words.length; i++) {
        if (bitCount(letters ^ sets[i]!) > 2 * max) continue;
        const word = words[i]!;
        if (word === term) continue;
        const distance = editDistance(term, word, max, transpositions);
        if (distance <= max) visit(word, distance);
      }
    }
  }
}
