import { CATEGORY_IDS, LEVELS, type CategoryId, type Level } from '../catalogue/types';
import { toTokens } from '../text/normalize';
import { FACETS, type Facet, type Lexicon } from './lexicon';
import { matchTerm, matchesAny } from './termMatcher';
import type { TownMatcher } from './townMatcher';

export interface CategorySignal {
  id: CategoryId;
  /** Sum of matched terms' quality × specificity; ≥ 1 means a term naming only this category. */
  score: number;
}

/** What a question says, independent of the catalogue: the input to search and intent. */
export interface QueryAnalysis {
  tokens: string[];
  /** Tokens left after removing the town name: what the text search sees. */
  searchTokens: string[];
  townId: string | null;
  categories: CategorySignal[];
  facets: Facet[];
  levels: Level[];
  cues: { greeting: boolean; greetingOnly: boolean; handoff: boolean; offerSeeking: boolean };
}

export class QueryAnalyzer {
  /** How many categories list each word: a word shared by many says little about any one. */
  private readonly spread = new Map<string, number>();

  constructor(
    private readonly lexicon: Lexicon,
    private readonly towns: TownMatcher,
  ) {
    for (const id of CATEGORY_IDS) {
      const seen = new Set(lexicon.categories[id].map((t) => t.tokens.join(' ')));
      for (const key of seen) this.spread.set(key, (this.spread.get(key) ?? 0) + 1);
    }
  }

  analyze(text: string): QueryAnalysis {
    const tokens = toTokens(text);
    const town = this.towns.find(tokens);
    const townPositions = new Set(town?.positions ?? []);
    const rest = tokens.filter((_, i) => !townPositions.has(i));

    const categories: CategorySignal[] = [];
    for (const id of CATEGORY_IDS) {
      let score = 0;
      const used = new Set<number>();
      const matches = this.lexicon.categories[id]
        .map((term) => ({ term, match: matchTerm(rest, term) }))
        .filter((m) => m.match !== null)
        // Longer phrases first, so "leben in deutschland" claims "deutschland" before "deutsch" does.
        .sort((a, b) => b.term.tokens.length - a.term.tokens.length || b.match!.quality - a.match!.quality);
      for (const { term, match } of matches) {
        if (match!.positions.some((p) => used.has(p))) continue;
        match!.positions.forEach((p) => used.add(p));
        const specificity = 1 / (this.spread.get(term.tokens.join(' ')) ?? 1);
        score += match!.quality * specificity * (term.tokens.length > 1 ? 1.2 : 1);
      }
      if (score > 0) categories.push({ id, score });
    }
    categories.sort((a, b) => b.score - a.score);

    const facets = FACETS.filter((f) => matchesAny(rest, this.lexicon.facets[f]));
    const levels = LEVELS.filter((level) => rest.includes(level.toLowerCase()));
    const greetingWords = this.lexicon.intents.greeting;
    const greeting = matchesAny(tokens.slice(0, 3), greetingWords, true);
    const filler = new Set([
      ...this.lexicon.intents.greetingFiller.flatMap((t) => t.tokens),
      ...greetingWords.flatMap((t) => t.tokens),
    ]);
    return {
      tokens,
      searchTokens: rest,
      townId: town?.townId ?? null,
      categories,
      facets,
      levels,
      cues: {
        greeting,
        greetingOnly: greeting && tokens.every((t) => filler.has(t)),
        handoff: matchesAny(tokens, this.lexicon.intents.handoff, true),
        offerSeeking: matchesAny(tokens, this.lexicon.intents.offerSeeking, true),
      },
    };
  }
}
