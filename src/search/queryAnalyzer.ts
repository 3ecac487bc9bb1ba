import { CATEGORY_IDS, LEVELS, type CategoryId, type Level } from '../catalogue/types';
import { toTokens } from '../text/normalize';
import { readAge } from '../language/ages';
import { FACETS, type Facet, type Lexicon, type LexiconTerm } from './lexicon';
import { TermIndex } from './termIndex';
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
  /** Content words that name no category, town or stop word: what makes a question specific. */
  residualTokens: string[];
  townId: string | null;
  categories: CategorySignal[];
  /** The topics the question names: its strongest category, and any named at least half as strongly. */
  topics: CategoryId[];
  facets: Facet[];
  levels: Level[];
  /** An age the question names ("sie ist 3", "I'm 19"), of the newcomer or their child. */
  age: number | null;
  cues: { greeting: boolean; greetingOnly: boolean; handoff: boolean; offerSeeking: boolean; answerSeeking: boolean };
}

export class QueryAnalyzer {
  /** How many categories list each word: a word shared by many says little about any one. */
  private readonly spread = new Map<string, number>();
  private readonly categoryTerms: TermIndex<LexiconTerm & { id: CategoryId }>;
  private readonly facetTerms: TermIndex<LexiconTerm & { facet: Facet }>;
  private readonly cueTerms: Record<'greeting' | 'handoff' | 'offerSeeking' | 'answerSeeking', TermIndex<LexiconTerm>>;
  /** The words a message that only greets is made of. */
  private readonly greetingFiller: ReadonlySet<string>;

  constructor(
    private readonly lexicon: Lexicon,
    private readonly towns: TownMatcher,
  ) {
    for (const id of CATEGORY_IDS) {
      const seen = new Set(lexicon.categories[id].map((t) => t.tokens.join(' ')));
      for (const key of seen) this.spread.set(key, (this.spread.get(key) ?? 0) + 1);
    }
    this.categoryTerms = new TermIndex(CATEGORY_IDS.flatMap((id) => lexicon.categories[id].map((term) => ({ ...term, id }))));
    this.facetTerms = new TermIndex(FACETS.flatMap((facet) => lexicon.facets[facet].map((term) => ({ ...term, facet }))), false, true);
    // Intent cues match strictly: a cue word that drifts ("agent" → "agentur") would send a
    // newcomer to a person they did not ask for.
    this.cueTerms = {
      greeting: new TermIndex(lexicon.intents.greeting, true),
      handoff: new TermIndex(lexicon.intents.handoff, true),
      offerSeeking: new TermIndex(lexicon.intents.offerSeeking, true),
      answerSeeking: new TermIndex(lexicon.intents.answerSeeking, true),
    };
    this.greetingFiller = new Set([...lexicon.intents.greetingFiller, ...lexicon.intents.greeting].flatMap((t) => t.tokens));
  }

  analyze(text: string): QueryAnalysis {
    const tokens = toTokens(text);
    const town = this.towns.find(tokens);
    const townPositions = new Set(town?.positions ?? []);
    const rest = tokens.filter((_, i) => !townPositions.has(i));

    // All category terms compete for the words of the question: a longer phrase claims its
    // words first, so "first orientation course" (German course) silences the shorter
    // "orientation course" (integration course) inside it.
    const found = this.categoryTerms
      .matchAll(rest)
      .map(({ term, match }) => ({ id: term.id, term, match }))
      .sort((a, b) => b.term.tokens.length - a.term.tokens.length || b.match.quality - a.match.quality);
    const claimedBy = new Map<number, number>();
    const perCategory = new Map<CategoryId, { scores: number[]; used: Set<number> }>();
    const conceptPositions = new Set<number>();
    for (const { id, term, match } of found) {
      const length = term.tokens.length;
      if (match.positions.some((p) => (claimedBy.get(p) ?? 0) > length)) continue;
      const entry = perCategory.get(id) ?? { scores: [], used: new Set<number>() };
      perCategory.set(id, entry);
      if (match.positions.some((p) => entry.used.has(p))) continue;
      for (const p of match.positions) {
        entry.used.add(p);
        claimedBy.set(p, Math.max(claimedBy.get(p) ?? 0, length));
        conceptPositions.add(p);
      }
      const specificity = 1 / (this.spread.get(term.tokens.join(' ')) ?? 1);
      entry.scores.push(match.quality * specificity * (length > 1 ? 1.2 : 1));
    }
    const categories: CategorySignal[] = [];
    for (const [id, { scores }] of perCategory) {
      if (scores.length === 0) continue;
      // The strongest term decides; more terms add a little, so three generic words
      // ("course", "classes", "evening") do not outweigh one specific one.
      const [best, ...others] = [...scores].sort((a, b) => b - a);
      categories.push({ id, score: best! + 0.3 * others.reduce((a, b) => a + b, 0) });
    }
    categories.sort((a, b) => b.score - a.score || CATEGORY_IDS.indexOf(a.id) - CATEGORY_IDS.indexOf(b.id));

    const facets: Facet[] = [];
    for (const { term, match } of this.facetTerms.matchAll(rest)) {
      if (!facets.includes(term.facet)) facets.push(term.facet);
      match.positions.forEach((p) => conceptPositions.add(p));
    }
    const age = readAge(rest);
    for (const p of age?.positions ?? []) conceptPositions.add(p);
    const residual = rest.filter((t, i) => !conceptPositions.has(i) && !this.lexicon.stopwords.has(t) && !/^\d+$/.test(t));
    const levels = LEVELS.filter((level) => rest.includes(level.toLowerCase()));
    const greeting = this.cueTerms.greeting.matchesAny(tokens.slice(0, 3));
    const filler = this.greetingFiller;
    return {
      tokens,
      searchTokens: rest,
      residualTokens: residual,
      townId: town?.townId ?? null,
      categories,
      topics: categories.filter((c) => c.score >= (categories[0]?.score ?? 0) * 0.5).map((c) => c.id),
      facets,
      levels,
      age: age?.age ?? null,
      cues: {
        greeting,
        greetingOnly: greeting && tokens.every((t) => filler.has(t)),
        handoff: this.cueTerms.handoff.matchesAny(tokens),
        offerSeeking: this.cueTerms.offerSeeking.matchesAny(tokens),
        // Question words count at the start only: "Was kostet …?" asks for facts.
        answerSeeking: this.cueTerms.answerSeeking.matchesAny(tokens.slice(0, 3)),
      },
    };
  }
}
