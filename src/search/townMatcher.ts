import type { Town } from '../catalogue/types';
import { withoutClitics } from '../text/clitics';
import { allowedTypos } from '../text/editDistance';
import { TypoVocabulary } from '../text/typoVocabulary';
import { toTokens } from '../text/normalize';
import { BoundedMemo } from '../text/boundedMemo';

export interface TownMatch {
  townId: string;
  /** Indexes of the query tokens that named the town. */
  positions: number[];
  quality: number;
}

interface TownName {
  townId: string;
  tokens: string[];
}

/**
 * Finds a town of the district in a question: exact, with a typo ("Frieberg"), inflected or
 * as an adjective ("Döbelner"). Names in other scripts come in as extra aliases.
 */
export class TownMatcher {
  private readonly names: TownName[];
  private readonly postcodes = new Map<string, string>();
  /** Every word of every name, and the same for the typo search. */
  private readonly words = new Set<string>();
  private readonly typoWords: TypoVocabulary;
  /** What each question word stands for, worked out once per word. */
  private readonly wordsOf = new BoundedMemo<ReadonlyMap<string, number>>();
  /** Names (their place in `names`) by their first word. */
  private readonly namesByFirstWord = new Map<string, number[]>();

  constructor(towns: readonly Town[], aliases: Readonly<Record<string, readonly string[]>> = {}) {
    this.names = [];
    for (const town of towns) {
      if (!this.postcodes.has(town.postcode)) this.postcodes.set(town.postcode, town.id);
      // "Frankenberg/Sa." is asked for as "Frankenberg": the suffix only disambiguates on maps.
      const base = town.name.replace(/\/.*$/, '');
      const variants = new Set([town.name, base, town.id, ...(aliases[town.id] ?? [])]);
      for (const v of variants) {
        const tokens = toTokens(v);
        if (tokens.length > 0) this.names.push({ townId: town.id, tokens });
      }
    }
    // Longer names first so "Brand-Erbisdorf" wins over a town called "Brand".
    this.names.sort((a, b) => b.tokens.length - a.tokens.length);
    this.names.forEach((name, ordinal) => {
      const first = name.tokens[0]!;
      this.namesByFirstWord.set(first, [...(this.namesByFirstWord.get(first) ?? []), ordinal]);
    });
    for (const word of this.names.flatMap((n) => n.tokens)) this.words.add(word);
    this.typoWords = new TypoVocabulary(this.words);
  }

  /**
   * The name words a question word can stand for, with the quality `matchTownWord` gives.
   * Looking up the few candidates instead of comparing every name keeps a question cheap.
   */
  private wordsFor(token: string): ReadonlyMap<string, number> {
    const found = new Map<string, number>();
    if (OTHER_CITIES.has(token)) return found;
    const note = (word: string, quality: number) => {
      if (this.words.has(word) && quality > (found.get(word) ?? 0)) found.set(word, quality);
    };
    for (const form of withoutClitics(token)) {
      note(form, 1);
      for (let k = Math.max(5, form.length - 3); k < form.length; k++) note(form.slice(0, k), 0.9);
      if (form.length < 5) continue;
      this.typoWords.forEachNear(form, allowedTypos, (word) => {
        if (!found.has(word)) note(word, 0.8);
      });
    }
    return found;
  }

  /** The best town named in the tokens, or null. */
  find(tokens: readonly string[]): TownMatch | null {
    let best: TownMatch | null = null;
    tokens.forEach((token, i) => {
      const byPostcode = this.postcodes.get(token);
      if (byPostcode && !best) best = { townId: byPostcode, positions: [i], quality: 1 };
    });
    const candidates = tokens.map((token) => this.wordsOf.get(token, (t) => this.wordsFor(t)));
    if (candidates.every((c) => c.size === 0)) return best;
    // Only names whose first word a question word can stand for, visited in the order of the
    // full scan (name by name, then by position), so ties go the same way.
    const tries: { ordinal: number; start: number }[] = [];
    candidates.forEach((words, start) => {
      for (const word of words.keys()) for (const ordinal of this.namesByFirstWord.get(word) ?? []) tries.push({ ordinal, start });
    });
    tries.sort((a, b) => a.ordinal - b.ordinal || a.start - b.start);
    for (const { ordinal, start } of tries) {
      const name = this.names[ordinal]!;
      if (start + name.tokens.length > tokens.length) continue;
      let quality = 1;
      for (let k = 0; k < name.tokens.length && quality > 0; k++) {
        quality = Math.min(quality, candidates[start + k]!.get(name.tokens[k]!) ?? 0);
      }
      if (quality === 0) continue;
      const weighted = quality + name.tokens.length * 0.01;
      if (!best || weighted > best.quality) {
        best = { townId: name.townId, positions: name.tokens.map((_, k) => start + k), quality: weighted };
      }
    }
    return best ? { ...best, quality: Math.min(1, best.quality) } : null;
  }
}

/**
 * Cities outside the district that are one typo away from one inside it: "Freiburg" is a
 * different city from Freiberg, and a newcomer asking there must not be sent to Freiberg.
 */
const OTHER_CITIES = new Set(['freiburg', 'фрайбург', 'фрайбурзі', 'фрайбурге', 'فرايبورغ', 'فرایبورگ']);
