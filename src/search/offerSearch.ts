import { CATEGORY_IDS, type CategoryId, type Offer, type Provider, type Town } from '../catalogue/types';
import { ageMasks, buildColumns, dayNumber, facetMask, levelMask, type OfferColumns } from './offerColumns';
import { factsOf, isVisible, todayIso, type OfferFacts } from './offerFacts';
import type { OfferStore } from './offerStore';
import { distanceKm } from './geo';
import { bitCount } from '../text/bits';
import type { Facet } from './lexicon';
import type { QueryAnalysis } from './queryAnalyzer';
import { TextIndex, type TextIndexSnapshot, type TextMatches } from './textIndex';

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
  private numbered: { epoch: number; columns: OfferColumns } | null = null;
  private seen = new Uint32Array(0);
  private searches = 0;
  private readonly townIds: string[];

  constructor(
    towns: readonly Town[],
    providers: readonly Provider[],
    private readonly categoryNames: (id: CategoryId) => string,
    private readonly stopwords: ReadonlySet<string>,
    private readonly store: OfferStore,
  ) {
    this.towns = new Map(towns.map((t) => [t.id, t]));
    this.townIds = towns.map((t) => t.id);
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
    this.offers.set(offer.id, factsOf(offer));
    this.store.remember(offer);
    this.index.upsert(this.document(offer));
  }

  /** Adds offers and indexes them. */
  addAll(offers: readonly Offer[]): void {
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
    // As `snapshot` wrote them (each made by `factsOf`): copying 100,000 again cost a tenth of a start.
    for (const f of facts) this.offers.set(f.id, f);
    return true;
  }

  /** The index and the facts as plain data, for `restore` in a later process. */
  snapshot(): { facts: OfferFacts[]; index: TextIndexSnapshot } {
    return { facts: [...this.offers.values()], index: this.index.snapshot() };
  }

  remove(id: string): void {
    this.offers.delete(id);
    this.store.forget(id);
    this.index.remove(id);
  }

  /** The facts as columns by the index's document numbers; rebuilt on the first search after a change. */
  private numbering(): OfferColumns {
    if (this.numbered?.epoch !== this.index.epoch) {
      const columns = buildColumns(this.offers.values(), this.index.capacity, (id) => this.index.numberOf(id), this.townIds, BY_ID.compare);
      this.numbered = { epoch: this.index.epoch, columns };
    }
    return this.numbered.columns;
  }

  /** Which search last took each document as a candidate: one array for all searches, never cleared. */
  private seenMarks(capacity: number): Uint32Array {
    if (this.seen.length < capacity || this.searches === 0xffffffff) {
      this.seen = new Uint32Array(Math.ceil(capacity * 1.25));
      this.searches = 0;
    }
    return this.seen;
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
  activeOffers(today: string): OfferFacts[] {
    return [...this.offers.values()].filter((o) => isVisible(o, today));
  }

  /** One offer's facts if a newcomer may see it today, without listing all of them first. */
  activeOffer(id: string, today: string): OfferFacts | undefined {
    const facts = this.offers.get(id);
    return facts && isVisible(facts, today) ? facts : undefined;
  }

  /** True while any visible offer is illustrative; stops at the first. */
  hasVisibleSample(today: string): boolean {
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

    const matches = this.index.match(analysis.searchTokens);
    const maxText = matches?.max ?? 0;
    const textScore = (n: number) => (matches ? matches.score[n]! : 0);
    const columns = this.numbering();
    const todayNumber = dayNumber(today);

    // Candidates: offers the words match, and offers of the asked categories, each once.
    const seen = this.seenMarks(columns.facts.length);
    const mark = ++this.searches;
    const lists: ArrayLike<number>[] = matches ? [matches.docs] : [];
    for (const c of weights.keys()) {
      const members = columns.members.get(c);
      if (members) lists.push(members);
    }

    // Per town and per category once, not per offer: distance, nearness, category weight.
    const townCount = this.townIds.length;
    const distanceAt = new Float64Array(townCount);
    const nearness = new Float64Array(townCount);
    if (origin) {
      this.townIds.forEach((id, t) => {
        const d = distanceKm(origin, this.towns.get(id)!);
        distanceAt[t] = d;
        nearness[t] = id === origin.id ? 1 : Math.exp(-d / DISTANCE_SCALE_KM);
      });
    }
    const weightAt = CATEGORY_IDS.map((c) => weights.get(c) ?? 0);
    const categoryWeight = (mask: number) => {
      let best = 0;
      for (let c = 0; mask !== 0; c++, mask >>>= 1) if (mask & 1 && weightAt[c]! > best) best = weightAt[c]!;
      return best;
    };
    const proximity = (n: number, t: number): number => {
      if (!origin) return 0.5;
      if (t >= 0 && this.townIds[t] === origin.id) return 1;
      if (!columns.onsite[n]) return 0.7;
      return t < 0 ? 0 : nearness[t]!;
    };
    const required = facetMask(options.require ?? []);
    const wished = facetMask(analysis.facets);
    const levelsAsked = levelMask(analysis.levels);
    const ages = analysis.age === null ? null : ageMasks(analysis.age);

    // Every candidate is scored (thousands in a large catalogue), but only the page asked for is
    // kept in order and given reasons: a full sort of thousands was most of a search.
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const size = offset + limit;
    const top: Scored[] = [];
    let total = 0;
    // Every wish named (evening, free, childcare, women only), the level asked for, and the age:
    // a Kita before the Hort for a three-year-old, the youth service before adults' counselling at 19.
    const asked = analysis.facets.length > 0 || analysis.levels.length > 0 || analysis.age !== null;
    // Filled per candidate and copied only when it makes the page: no object per candidate.
    const probe: Scored = { n: 0, offer: undefined!, score: 0, distance: null, roundedDistance: null, rank: 0, local: false, fits: false };
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const n = list[i]!;
        if (seen[n] === mark) continue;
        seen[n] = mark;
        if (columns.visibleUntil[n]! < todayNumber) continue;
        const facets = columns.facets[n]!;
        if ((facets & required) !== required) continue;
        const t = columns.town[n]!;
        const distance = origin && t >= 0 ? distanceAt[t]! : null;
        if (options.keep && !options.keep(columns.facts[n]!, distance)) continue;
        total++;
        if (size <= 0) continue;
        const text = textScore(n);
        const category = categoryWeight(columns.categories[n]!);
        // Of the asked kind: its category is one asked for, or the question's words are in it.
        const relevant = category >= 0.5 || (text > 0 && maxText > 0 && text / maxText >= 0.5);
        const local = origin !== undefined && columns.onsite[n] === 1 && distance !== null && distance <= REACH_KM && relevant;
        const levelMatch = (columns.levels[n]! & levelsAsked) !== 0;
        const audiences = columns.audiences[n]!;
        const forAge = ages !== null && (audiences & ages.holding) !== 0;
        const fits =
          relevant &&
          asked &&
          (facets & wished) === wished &&
          (levelsAsked === 0 || levelMatch) &&
          (ages === null || (audiences & ages.bound) === 0 || forAge);
        const score =
          WEIGHTS.category * category +
          WEIGHTS.town * proximity(n, t) +
          WEIGHTS.text * (text > 0 && maxText > 0 ? text / maxText : 0) +
          WEIGHTS.facet * (wished ? bitCount(facets & wished) / bitCount(wished) : 0) +
          WEIGHTS.level * (levelMatch ? 1 : 0) +
          // Made for this age (the adults' counselling at 35), not merely open to every age.
          WEIGHTS.age * (forAge ? 1 : 0);
        probe.score = Math.round(score * 1000) / 1000;
        probe.roundedDistance = distance === null ? null : Math.round(distance * 10) / 10;
        probe.rank = columns.rank[n]!;
        probe.local = local;
        probe.fits = fits;
        if (top.length === size && !before(probe, top[size - 1]!)) continue;
        insertTop(top, size, { ...probe, n, offer: columns.facts[n]!, distance });
      }
    }

    const hits = top.slice(offset).map(({ n, offer, score, distance, roundedDistance }): OfferHit => {
      const why: string[] = [];
      const category = categoryWeight(columns.categories[n]!);
      if (category > 0) why.push(`category:${offer.categories.find((c) => weights.get(c) === category)}`);
      if (matches && textScore(n) > 0) why.push(`text:${matches.detail(n).matched.join('+')}`);
      if (origin) {
        if (offer.townId === origin.id) why.push(`town:${origin.id}`);
        else if (offer.mode !== 'onsite') why.push(`mode:${offer.mode}`);
        else if (distance !== null) why.push(`near:${Math.round(distance)}km`);
      }
      why.push(...analysis.facets.filter((f) => offer[f]).map((f) => `facet:${f}`));
      // An online or phone offer is as near as the newcomer's own phone: no distance to show.
      return { offerId: offer.id, score, distanceKm: offer.mode === 'onsite' ? roundedDistance : null, why };
    });

    const bestCoverage = matches ? Math.max(0, ...bestMatched(matches, 5).map((n) => matches.detail(n).coverage)) : 0;
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
  n: number;
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

/** The `count` best-scored matches, equal scores in the order found (as a stable sort has them). */
function bestMatched(matches: TextMatches, count: number): number[] {
  const best: number[] = [];
  for (const n of matches.docs) {
    const score = matches.score[n]!;
    if (best.length === count && score <= matches.score[best[count - 1]!]!) continue;
    let i = best.length === count ? count - 1 : best.length;
    while (i > 0 && score > matches.score[best[i - 1]!]!) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = n;
  }
  return best;
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
