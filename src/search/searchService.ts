import type { Answer, CategoryId, Category, Level, Offer, Provider, Town } from '../catalogue/types';
import { distanceKm } from './geo';
import type { Facet } from './lexicon';
import { AnswerMatcher, type AnswerIndexSnapshot, type AnswerMatch } from './answerMatcher';
import type { TextIndexSnapshot } from './textIndex';
import type { Lexicon } from './lexicon';
import type { SavedCatalogue } from './indexSnapshot';
import { isVisible, todayIso, type OfferFacts } from './offerFacts';
import { OfferSearch, type OfferSearchOptions, type OfferSearchResult } from './offerSearch';
import { MemoryOfferStore, type OfferStore } from './offerStore';
import type { Lang } from '../language/languages';
import { QueryAnalyzer, type QueryAnalysis } from './queryAnalyzer';
import { TownMatcher } from './townMatcher';

/** What an offer query asks for; every filter is hard (each offer returned passes all of them). */
export interface OfferFilters {
  /** The question, analysed: ranks the offers by it. Without it they are browsed, nearest first. */
  analysis?: QueryAnalysis;
  /** Rank and measure distance from this town (else the one named in the question). */
  townId?: string | null;
  /** Categories to prefer in the ranking, without excluding others (a guided topic). */
  rankBy?: CategoryId[];
  /** Only offers in one of these categories. */
  categories?: CategoryId[];
  /** Only language courses towards one of these levels. */
  levels?: Level[];
  providerId?: string;
  /** Only offers with every one of these (evening, free, childcare, women only). */
  require?: Facet[];
  /** On-site offers only within this many kilometres of the town; online ones always. */
  radiusKm?: number;
  limit?: number;
  offset?: number;
  /** ISO date: offers past their end date are never returned. */
  today?: string;
}

/** The indexes a saved search carries beside its records. */
interface SavedIndex {
  offers: TextIndexSnapshot;
  answers: AnswerIndexSnapshot;
}

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
  private restored = false;
  /**
   * The day a newcomer asks on: what is visible (active, not past its end date) is decided by
   * it, in ranking and when the offers shown are read again. The eval sets it to the day the
   * seed catalogue is evaluated as of.
   */
  today: () => string = todayIso;

  /**
   * `store` holds the whole offers (the database in the service); the search keeps their facts.
   * Without one, they stay in memory, as the eval and tests want.
   */
  constructor(
    catalogue: SearchCatalogue,
    readonly lexicon: Lexicon,
    townAliases: Readonly<Record<string, readonly string[]>> = {},
    store: OfferStore = new MemoryOfferStore(),
  ) {
    this.towns = new Map(catalogue.towns.map((t) => [t.id, t]));
    this.categories = new Map(catalogue.categories.map((c) => [c.id, c]));
    this.analyzer = new QueryAnalyzer(lexicon, new TownMatcher(catalogue.towns, townAliases));
    const categoryNames = (id: CategoryId): string => Object.values(this.categories.get(id)?.name ?? {}).join(' ');
    this.offers = new OfferSearch(catalogue.towns, catalogue.providers, categoryNames, lexicon.stopwords, store);
    this.offers.addAll(catalogue.offers);
    this.answers = new AnswerMatcher(lexicon.stopwords);
    for (const a of catalogue.answers) this.answers.upsert(a);
  }

  /** Whether the offer index was built or taken from a saved one (`snapshot` of an earlier process). */
  get indexSource(): 'built' | 'restored' {
    return this.restored ? 'restored' : 'built';
  }

  /**
   * Takes a saved search (`snapshot`) into one made without offers and answers; false when the
   * offer index cannot be read, and the caller builds instead. Answers whose saved index cannot
   * be read are indexed again.
   */
  restore(catalogue: Pick<SavedCatalogue, 'offers' | 'answers'>, saved: unknown): boolean {
    const index = (saved ?? {}) as Partial<SavedIndex>;
    this.restored = this.offers.restore(catalogue.offers, index.offers);
    if (this.restored && !this.answers.restore(catalogue.answers, index.answers)) for (const a of catalogue.answers) this.answers.upsert(a);
    return this.restored;
  }

  /** What a later process needs to start from this state: records, the offers' facts, the indexes. */
  snapshot(): { catalogue: SavedCatalogue; index: SavedIndex } {
    const { facts, index } = this.offers.snapshot();
    return {
      catalogue: { providers: this.offers.allProviders(), offers: facts, answers: this.answers.all() },
      index: { offers: index, answers: this.answers.snapshot() },
    };
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

  /**
   * The one offer query behind /api/ask, the bot (free questions, guided search, narrowing,
   * paging) and the public directory. With a question the offers are ranked by it; without one
   * they are browsed, nearest first. Filters are hard: every offer returned passes all of them.
   */
  findOffers(filters: OfferFilters): OfferSearchResult {
    const today = filters.today ?? this.today();
    const townId = filters.townId ?? filters.analysis?.townId ?? null;
    const origin = townId ? this.towns.get(townId) : undefined;
    const keep = (offer: OfferFacts, distance: number | null): boolean =>
      (!filters.categories?.length || offer.categories.some((c) => filters.categories!.includes(c))) &&
      (!filters.levels?.length || offer.levels.some((l) => filters.levels!.includes(l))) &&
      (!filters.providerId || offer.providerId === filters.providerId) &&
      (!filters.require?.length || filters.require.every((f) => offer[f])) &&
      (!origin || !filters.radiusKm || offer.mode !== 'onsite' || (distance ?? Infinity) <= filters.radiusKm);
    const hardFilters = filters.categories?.length || filters.levels?.length || filters.providerId || filters.radiusKm;
    if (filters.analysis) {
      return this.offers.search(filters.analysis, {
        townId,
        categories: filters.rankBy,
        require: filters.require,
        limit: filters.limit,
        offset: filters.offset,
        today,
        keep: hardFilters ? keep : undefined,
      });
    }
    const distanceOf = (offer: OfferFacts) => {
      const at = this.towns.get(offer.townId);
      return origin && at ? distanceKm(origin, at) : null;
    };
    const matching = this.offers
      .activeOffers(today)
      .map((offer) => ({ offer, distance: distanceOf(offer) }))
      .filter(({ offer, distance }) => keep(offer, distance))
      .sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0) || (a.offer.id < b.offer.id ? -1 : 1));
    const offset = filters.offset ?? 0;
    return {
      hits: matching.slice(offset, offset + (filters.limit ?? 10)).map(({ offer, distance }) => ({
        offerId: offer.id,
        score: 0,
        distanceKm: distance === null ? null : Math.round(distance * 10) / 10,
        why: origin ? [offer.townId === origin.id ? `town:${origin.id}` : `near:${Math.round(distance ?? 0)}km`] : [],
      })),
      total: matching.length,
      townId,
      categories: filters.categories ?? [],
      confidence: matching.length ? 1 : 0,
    };
  }

  /** The closest answers; a question naming no topic prefers `topic` (the conversation's) instead. */
  matchAnswers(analysis: QueryAnalysis, topic?: CategoryId): AnswerMatch[] {
    const named = analysis.topics;
    // The conversation's topic, for a question that names none, is all the question has to go
    // on beyond its other words ("what does it cost?"): it weighs more than a named topic's nudge.
    if (named.length === 0 && topic) return this.answers.match(analysis.searchTokens, 3, [topic], 0.6);
    return this.answers.match(analysis.searchTokens, 3, named);
  }

  get stopwords(): ReadonlySet<string> {
    return this.lexicon.stopwords;
  }

  /** The closest catalogue answers to a question (the unanswered-question review suggests them). */
  suggest(text: string): { answerId: string; question: string }[] {
    return this.matchAnswers(this.analyze(text)).map((m) => ({ answerId: m.answerId, question: m.question }));
  }

  /**
   * The whole offers with these ids (to show them), in the order asked: only those a newcomer may
   * see today. They are read now, so the store may hold a change the search has not applied yet
   * (an offer paused a moment ago): each is seen again.
   */
  async readOffers(ids: readonly string[], today: string = this.today()): Promise<Offer[]> {
    return (await this.offers.read(ids)).filter((offer) => isVisible(offer, today));
  }

  /** Each offer's title in `lang`, German where it has none: a listing in the alphabet sorts by them. */
  offerTitles(ids: readonly string[], lang: Lang): Promise<Map<string, string>> {
    return this.offers.titles(ids, lang);
  }

  providers(): Provider[] {
    return this.offers.allProviders();
  }

  getProvider(id: string): Provider | undefined {
    return this.offers.getProvider(id);
  }

  /** What ranking and filters know of every offer a newcomer may see today (for counts). */
  activeOffers(today: string = this.today()): OfferFacts[] {
    return this.offers.activeOffers(today);
  }

  /** An offer a newcomer may see today (active, not past its end date), by id. */
  async visibleOffer(id: string, today: string = this.today()): Promise<Offer | undefined> {
    if (!this.offers.activeOffer(id, today)) return undefined;
    return (await this.readOffers([id], today))[0];
  }

  /** True while any visible offer is illustrative: the bot and pages then say "Beispieldaten". */
  hasSampleOffers(): boolean {
    return this.offers.hasVisibleSample(this.today());
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

  upsertProvider(provider: Provider): Promise<void> {
    return this.offers.setProvider(provider);
  }

  upsertAnswer(answer: Answer): void {
    this.answers.upsert(answer);
  }

  removeAnswer(id: string): void {
    this.answers.remove(id);
  }
}
