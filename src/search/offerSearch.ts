import { isForAge, suitsAge, type CategoryId, type Level, type Offer, type Provider, type Town } from '../catalogue/types';
import { factsOf, isVisible, todayIso, type OfferFacts } from './offerFacts';
import type { OfferStore } from './offerStore';
import { distanceKm } from './geo';
import type { Facet } from './lexicon';
import type { QueryAnalysis } from './queryAnalyzer';
import { TextIndex, type TextIndexSnapshot } from './textIndex';

export interface OfferSearchOptions {
  /** Town to rank by distance from; overrides the town named in the question. */
  townId?: string | null;
  /** Categories to prefer; default: those recognised in the question. */
  categories?: CategoryId[];
  /** Facets every result must have (narrowing: "only free ones"). */
  require?: Facet[];
  limit?: number;
  offset?: number;
  /** ISO date; offers whose validUntil lies before it are never shown. */
  today?: string;
  /** Hard filters beyond `require` (the directory's provider, level, radius): a result must pass. */
  keep?: (offer: OfferFacts, distanceKm: number | null) => boolean;
}

export interface OfferHit {
  offerId: string;
  score: number;
  distanceKm: number | null;
  /** Why it ranks here, for debugging and the eval: "category:school", "town:doebeln", "text:kita". */
  why: string[];
}

export interface OfferSearchResult {
  hits: OfferHit[];
  total: number;
  townId: string | null;
  categories: CategoryId[];
  /** 0..1: how sure the search is that the question asks for offers it can name. */
  confidence: number;
}

type OfferField = 'title' | 'summary' | 'categories' | 'provider' | 'targetGroup';

/** Ties in score and distance go by id, as `localeCompare` orders them, without its cost per call. */
const BY_ID = new Intl.Collator();

/** How far away an offer may be before it counts as not nearby at all. */
const DISTANCE_SCALE_KM = 15;
/**
 * For a question that names a town, on-site offers of the asked kind within this distance come
 * before anything else (online offers, offers farther away): a newcomer without a car goes there.
 */
const REACH_KM = 20;
const WEIGHTS = { category: 3, town: 2, text: 1.2, facet: 1, level: 0.8, age: 0.8 } as const;

/**
 * Ranks offers for a question: recognised categories first, then closeness to the asked town
 * (the town itself, then nearest), then text relevance and wished-for facets.
 */
export class OfferSearch {
  private readonly index: TextIndex<OfferField>;
  private readonly offers = new Map<string, OfferFacts>();
  private readonly towns: Map<string, Town>;
  private readonly providers: Map<string, Provider>;
  /** Each offer's place in id order, for ties; rebuilt on the first search after a change. */
  private ranks: Map<string, number> | null = null;
  /** Rebuilt on the first search after a change, like `ranks`. */
  private byCategory: Map<CategoryId, string[]> | null = null;

  constructor(
    towns: readonly Town[],
    providers: readonly Provider[],
    private readonly categoryNames: (id: CategoryId) => string,
    private readonly stopwords: ReadonlySet<string>,
    private readonly store: OfferStore,
  ) {
    this.towns = new Map(towns.map((t) => [t.id, t]));
    this.providers = new Map(providers.map((p) => [p.id, p]));
    this.index = new TextIndex<OfferField>({
      fields: ['title', 'summary', 'categories', 'provider', 'targetGroup'],
      boost: { title: 3, categories: 2, summary: 1, provider: 1, targetGroup: 0.5 },
      stopwords,
    });
  }

  get size(): number {
    return this.offers.size;
  }

  /** A renamed provider is found by its new name: its offers are read and indexed again. */
  async setProvider(provider: Provider): Promise<void> {
    const renamed = this.providers.has(provider.id) && this.providers.get(provider.id)!.name !== provider.name;
    this.providers.set(provider.id, provider);
    if (!renamed) return;
    const ids = [...this.offers.values()].filter((o) => o.providerId === provider.id).map((o) => o.id);
    for (const offer of await this.store.get(ids)) if (this.offers.has(offer.id)) this.index.upsert(this.document(offer));
  }

  /** Adds or replaces one offer in the index. */
  upsert(offer: Offer): void {
    if (!this.offers.has(offer.id)) this.ranks = null;
    this.byCategory = null;
    this.offers.set(offer.id, factsOf(offer));
    this.store.remember(offer);
    this.index.upsert(this.document(offer));
  }

  /** Adds offers and indexes them. */
  addAll(offers: readonly Offer[]): void {
    this.ranks = null;
    this.byCategory = null;
    for (const o of offers) {
      this.offers.set(o.id, factsOf(o));
      this.store.remember(o);
    }
    this.index.addAll(offers.map((o) => this.document(o)));
  }

  /**
   * Takes a saved index and the facts of exactly the offers in it, instead of building; false,
   * and nothing taken, when the index cannot be read or this search holds offers already.
   */
  restore(facts: readonly OfferFacts[], savedIndex: unknown): boolean {
    if (this.offers.size > 0 || !this.index.restore(savedIndex as TextIndexSnapshot)) return false;
    this.ranks = null;
    this.byCategory = null;
    for (const f of facts) this.offers.set(f.id, factsOf(f));
    return true;
  }

  /** The index and the facts as plain data, for `restore` in a later process. */
  snapshot(): { facts: OfferFacts[]; index: TextIndexSnapshot } {
    return { facts: [...this.offers.values()], index: this.index.snapshot() };
  }

  remove(id: string): void {
    this.ranks = null;
    this.byCategory = null;
    this.offers.delete(id);
    this.store.forget(id);
    this.index.remove(id);
  }

  /** Offer ids per category, so a category question does not look at every offer. */
  private categoryMembers(): Map<CategoryId, string[]> {
    if (this.byCategory) return this.byCategory;
    const members = new Map<CategoryId, string[]>();
    for (const o of this.offers.values()) {
      for (const c of new Set(o.categories)) {
        const list = members.get(c);
        if (list) list.push(o.id);
        else members.set(c, [o.id]);
      }
    }
    this.byCategory = members;
    return members;
  }

  private idRanks(): Map<string, number> {
    this.ranks ??= new Map([...this.offers.keys()].sort(BY_ID.compare).map((id, i) => [id, i]));
    return this.ranks;
  }

  /** The whole offers with these ids, read from the store, in the order asked. */
  read(ids: readonly string[]): Promise<Offer[]> {
    return this.store.get(ids);
  }

  /** Titles in `lang`, from the store: a listing in the alphabet needs them for every offer it holds. */
  titles(ids: readonly string[], lang: Parameters<OfferStore['titles']>[1]): Promise<Map<string, string>> {
    return this.store.titles(ids, lang);
  }

  allProviders(): Provider[] {
    return [...this.providers.values()];
  }

  getProvider(id: string): Provider | undefined {
    return this.providers.get(id);
  }

  /** Every offer a newcomer may see today, for listings and counts that are not a question. */
  activeOffers(today: string = todayIso()): OfferFacts[] {
    return [...this.offers.values()].filter((o) => isVisible(o, today));
  }

  /**
   * One offer if a newcomer may see it today, read from the store; seen again there, since the
   * store may hold a change the search has not applied yet.
   */
  async visibleOffer(id: string, today: string = todayIso()): Promise<Offer | undefined> {
    const facts = this.offers.get(id);
    if (!facts || !isVisible(facts, today)) return undefined;
    const [offer] = await this.store.get([id]);
    return offer && isVisible(offer, today) ? offer : undefined;
  }

  /** True while any visible offer is illustrative; stops at the first. */
  hasVisibleSample(today: string = todayIso()): boolean {
    for (const offer of this.offers.values()) if (offer.sample && isVisible(offer, today)) return true;
    return false;
  }

  search(analysis: QueryAnalysis, options: OfferSearchOptions = {}): OfferSearchResult {
    const today = options.today ?? todayIso();
    const townId = options.townId ?? analysis.townId;
    const origin = townId ? this.towns.get(townId) : undefined;
    const signals = options.categories
      ? options.categories.map((id) => ({ id, score: 1 }))
      : analysis.categories;
    const topSignal = signals[0]?.score ?? 0;
    // Categories close to the strongest one count; a weak side-signal ("deutsch" in a school
    // question) must not pull unrelated offers up.
    const weights = new Map(signals.filter((s) => s.score >= topSignal * 0.5).map((s) => [s.id, s.score / topSignal]));

    const textHits = this.index.search(analysis.searchTokens);
    let maxText = 0;
    for (const h of textHits) if (h.score > maxText) maxText = h.score;
    const text = new Map(textHits.map((h) => [h.id, h]));

    const candidates = new Set<string>(text.keys());
    const members = this.categoryMembers();
    for (const c of weights.keys()) for (const id of members.get(c) ?? []) candidates.add(id);

    // Distance depends on the town only: worked out once per town, not once per offer.
    const distances = new Map<string, number | null>();
    const distanceTo = (offer: OfferFacts): number | null => {
      if (!origin) return null;
      let d = distances.get(offer.townId);
      if (d === undefined) {
        const town = this.towns.get(offer.townId);
        d = town ? distanceKm(origin, town) : null;
        distances.set(offer.townId, d);
      }
      return d;
    };
    const proximityOf = (offer: OfferFacts, distance: number | null): number => {
      if (!origin) return 0.5;
      if (offer.townId === origin.id) return 1;
      if (offer.mode !== 'onsite') return 0.7;
      return distance === null ? 0 : Math.exp(-distance / DISTANCE_SCALE_KM);
    };
    const categoryWeight = (offer: OfferFacts) => {
      let best = 0;
      for (const c of offer.categories) best = Math.max(best, weights.get(c) ?? 0);
      return best;
    };

    // Every candidate is scored (thousands in a large catalogue), but only the page asked for is
    // kept in order and given reasons: a full sort of thousands was most of a search.
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const rank = this.idRanks();
    const top: Scored[] = [];
    let total = 0;
    // Every wish named (evening, free, childcare, women only), the level asked for, and the age:
    // a Kita before the Hort for a three-year-old, the youth service before adults' counselling at 19.
    const asked = analysis.facets.length > 0 || analysis.levels.length > 0 || analysis.age !== null;
    for (const id of candidates) {
      const offer = this.offers.get(id);
      if (!offer || !isVisible(offer, today)) continue;
      if (options.require?.some((f) => !offer[f])) continue;
      const distance = distanceTo(offer);
      if (options.keep && !options.keep(offer, distance)) continue;
      total++;
      const t = text.get(id);
      // Of the asked kind: its category is one asked for, or the question's words are in it.
      const relevant = categoryWeight(offer) >= 0.5 || (t !== undefined && maxText > 0 && t.score / maxText >= 0.5);
      const local = origin !== undefined && offer.mode === 'onsite' && distance !== null && distance <= REACH_KM && relevant;
      const levelMatch = analysis.levels.some((l: Level) => offer.levels.includes(l));
      const fits =
        relevant &&
        asked &&
        analysis.facets.every((f) => offer[f]) &&
        (analysis.levels.length === 0 || levelMatch) &&
        (analysis.age === null || suitsAge(offer.audiences, analysis.age));
      let facetCount = 0;
      for (const f of analysis.facets) if (offer[f]) facetCount++;
      const score =
        WEIGHTS.category * categoryWeight(offer) +
        WEIGHTS.town * proximityOf(offer, distance) +
        WEIGHTS.text * (t && maxText > 0 ? t.score / maxText : 0) +
        WEIGHTS.facet * (analysis.facets.length ? facetCount / analysis.facets.length : 0) +
        WEIGHTS.level * (levelMatch ? 1 : 0) +
        // Made for this age (the adults' counselling at 35), not merely open to every age.
        WEIGHTS.age * (analysis.age !== null && isForAge(offer.audiences, analysis.age) ? 1 : 0);
      insertTop(top, offset + limit, {
        offer,
        score: Math.round(score * 1000) / 1000,
        distance,
        roundedDistance: distance === null ? null : Math.round(distance * 10) / 10,
        rank: rank.get(id) ?? 0,
        local,
        fits,
      });
    }

    const hits = top.slice(offset).map(({ offer, score, distance, roundedDistance }): OfferHit => {
      const why: string[] = [];
      const category = categoryWeight(offer);
      if (category > 0) why.push(`category:${offer.categories.find((c) => weights.get(c) === category)}`);
      const t = text.get(offer.id);
      if (t) why.push(`text:${t.matched.join('+')}`);
      if (origin) {
        if (offer.townId === origin.id) why.push(`town:${origin.id}`);
        else if (offer.mode !== 'onsite') why.push(`mode:${offer.mode}`);
        else if (distance !== null) why.push(`near:${Math.round(distance)}km`);
      }
      why.push(...analysis.facets.filter((f) => offer[f]).map((f) => `facet:${f}`));
      // An online or phone offer is as near as the newcomer's own phone: no distance to show.
      return { offerId: offer.id, score, distanceKm: offer.mode === 'onsite' ? roundedDistance : null, why };
    });

    const bestCoverage = Math.max(0, ...textHits.slice(0, 5).map((h) => h.coverage));
    const categoryConfidence = Math.min(1, topSignal);
    const confidence = total === 0 ? 0 : Math.max(categoryConfidence, 0.8 * bestCoverage);
    return {
      hits,
      total,
      townId: townId ?? null,
      categories: [...weights.keys()],
      confidence: Math.round(confidence * 100) / 100,
    };
  }

  private document(o: Offer): { id: string } & Record<OfferField, string> {
    return {
      id: o.id,
      title: Object.values(o.title).join(' '),
      summary: Object.values(o.summary).join(' '),
      categories: o.categories.map((c) => this.categoryNames(c)).join(' '),
      provider: this.providers.get(o.providerId)?.name ?? '',
      // German only, as coordinators write it: the translations of long notes would double the index.
      targetGroup: o.targetGroup.de ?? '',
    };
  }
}

interface Scored {
  offer: OfferFacts;
  score: number;
  distance: number | null;
  roundedDistance: number | null;
  rank: number;
  /** On site within reach of the asked town, and of the asked kind. */
  local: boolean;
  /** Of the asked kind and meeting every wish and level the question named. */
  fits: boolean;
}

/**
 * Offers that meet everything asked first (as long as any do), then those within reach of the
 * asked town; within each, best first, equal scores nearest first, then in id order.
 */
function before(a: Scored, b: Scored): boolean {
  if (a.fits !== b.fits) return a.fits;
  if (a.local !== b.local) return a.local;
  if (a.score !== b.score) return a.score > b.score;
  const da = a.roundedDistance ?? 0;
  const db = b.roundedDistance ?? 0;
  if (da !== db) return da < db;
  return a.rank < b.rank;
}

/** Keeps `top` the best `size` entries in order: one pass over the candidates instead of a sort. */
function insertTop(top: Scored[], size: number, entry: Scored): void {
  if (size <= 0) return;
  if (top.length === size && !before(entry, top[size - 1]!)) return;
  let i = top.length === size ? size - 1 : top.length;
  while (i > 0 && before(entry, top[i - 1]!)) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = entry;
}
