import type { Town } from '../catalogue/types';
import { withoutClitics } from '../text/clitics';
import { allowedTypos, editDistance } from '../text/editDistance';
import { toTokens } from '../text/normalize';

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
  }

  /** The best town named in the tokens, or null. */
  find(tokens: readonly string[]): TownMatch | null {
    let best: TownMatch | null = null;
    tokens.forEach((token, i) => {
      const byPostcode = this.postcodes.get(token);
      if (byPostcode && !best) best = { townId: byPostcode, positions: [i], quality: 1 };
    });
    for (const name of this.names) {
      for (let start = 0; start + name.tokens.length <= tokens.length; start++) {
        let quality = 1;
        for (let k = 0; k < name.tokens.length && quality > 0; k++) {
          quality = Math.min(quality, matchTownWord(tokens[start + k]!, name.tokens[k]!));
        }
        if (quality === 0) continue;
        const weighted = quality + name.tokens.length * 0.01;
        if (!best || weighted > best.quality) {
          best = { townId: name.townId, positions: name.tokens.map((_, k) => start + k), quality: weighted };
        }
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

function matchTownWord(token: string, word: string): number {
  if (OTHER_CITIES.has(token)) return 0;
  return Math.max(...withoutClitics(token).map((form) => matchPlainTownWord(form, word)));
}

function matchPlainTownWord(token: string, word: string): number {
  if (token === word) return 1;
  // Adjectives and inflections: "doebelner", "freiberger", "фрайберзі" (handled by aliases).
  if (word.length >= 5 && token.startsWith(word) && token.length - word.length <= 3) return 0.9;
  const typos = allowedTypos(word.length);
  if (typos > 0 && token.length >= 5 && editDistance(token, word, typos) <= typos) return 0.8;
  return 0;
}
