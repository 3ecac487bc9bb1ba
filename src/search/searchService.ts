import type { Answer, CategoryId, Category, Offer, Provider, Town } from '../catalogue/types';
import { AnswerMatcher, type AnswerMatch } from './answerMatcher';
import type { Lexicon } from './lexicon';
import type { SavedCatalogue } from './indexSnapshot';
import { OfferSearch, type OfferSearchOptions, type OfferSearchResult } from './offerSearch';
import { QueryAnalyzer, type QueryAnalysis } from './queryAnalyzer';
import { TownMatcher } from './townMatcher';

export interface SearchCatalogue {
  towns: readonly Town[];
  categories: readonly Category[];
  providers: readonly Provider[];
  offers: readonly Offer[];
  answers: readonly Answer[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The search side of the product in one place: question analysis, offer ranking and answer
 * matching, built in memory from the catalogue and updated document by document.
 */
export class SearchService {
  readonly analyzer: QueryAnalyzer;
  private readonly offers: OfferSearch;
  private readonly answers: AnswerMatcher;
  readonly towns: ReadonlyMap<string, Town>;
  readonly categories: ReadonlyMap<CategoryId, Category>;
  /** Whether the offer index was built or taken from a saved one (`snapshot` of an earlier process). */
  readonly indexSource: 'built' | 'restored';

  constructor(
    catalogue: SearchCatalogue,
    readonly lexicon: Lexicon,
    townAliases: Readonly<Record<string, readonly string[]>> = {},
    savedIndex?: unknown,
  ) {
    this.towns = new Map(catalogue.towns.map((t) => [t.id, t]));
    this.categories = new Map(catalogue.categories.map((c) => [c.id, c]));
    this.analyzer = new QueryAnalyzer(lexicon, new TownMatcher(catalogue.towns, townAliases));
    const categoryNames = (id: CategoryId): string => Object.values(this.categories.get(id)?.name ?? {}).join(' ');
    this.offers = new OfferSearch(catalogue.towns, catalogue.providers, categoryNames, lexicon.stopwords);
    this.indexSource = this.offers.addAll(catalogue.offers, savedIndex);
    this.answers = new AnswerMatcher(lexicon.stopwords);
    for (const a of catalogue.answers) this.answers.upsert(a);
  }

  /** What a later process needs to start from this state without the database: records and index. */
  snapshot(): { catalogue: SavedCatalogue; index: unknown } {
    return { catalogue: { providers: this.offers.allProviders(), offers: this.offers.allOffers(), answers: this.answers.all() }, index: this.offers.snapshot() };
  }

  get offerCount(): number {
    return this.offers.size;
  }

  /**
   * What a text is about. A bot turn analyses its message once (dialogs/turnInput.ts) and
   * passes the result on; frozen, so no step can change what the next one reads.
   */
  analyze(text: string): QueryAnalysis {
    return deepFreeze(this.analyzer.analyze(text));
  }

  searchOffers(analysis: QueryAnalysis, options?: OfferSearchOptions): OfferSearchResult {
    return this.offers.search(analysis, options);
  }

  matchAnswers(analysis: QueryAnalysis): AnswerMatch[] {
    const top = analysis.categories[0]?.score ?? 0;
    const preferred = analysis.categories.filter((c) => c.score >= top * 0.5).map((c) => c.id);
    return this.answers.match(analysis.searchTokens, 3, preferred);
  }

  get stopwords(): ReadonlySet<string> {
    return this.lexicon.stopwords;
  }

  /** The closest catalogue answers to a question (the unanswered-question review suggests them). */
  suggest(text: string): { answerId: string; question: string }[] {
    return this.matchAnswers(this.analyze(text)).map((m) => ({ answerId: m.answerId, question: m.question }));
  }

  getOffer(id: string): Offer | undefined {
    return this.offers.getOffer(id);
  }

  providers(): Provider[] {
    return this.offers.allProviders();
  }

  getProvider(id: string): Provider | undefined {
    return this.offers.getProvider(id);
  }

  activeOffers(today?: string): Offer[] {
    return this.offers.activeOffers(today);
  }

  /** An offer a newcomer may see today (active, not past its end date), by id. */
  visibleOffer(id: string, today?: string): Offer | undefined {
    return this.offers.visibleOffer(id, today);
  }

  /** True while any visible offer is illustrative: the bot and pages then say "Beispieldaten". */
  hasSampleOffers(): boolean {
    return this.offers.hasVisibleSample();
  }

  getAnswer(id: string): Answer | undefined {
    return this.answers.getAnswer(id);
  }

  upsertOffer(offer: Offer): void {
    this.offers.upsert(offer);
  }

  removeOffer(id: string): void {
    this.offers.remove(id);
  }

  upsertProvider(provider: Provider): void {
    this.offers.setProvider(provider);
  }

  upsertAnswer(answer: Answer): void {
    this.answers.upsert(answer);
  }

  removeAnswer(id: string): void {
    this.answers.remove(id);
  }
}
