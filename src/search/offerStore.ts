import type { Queryable } from '../db/database';
import { pickText } from '../catalogue/localized';
import { OfferRepository } from '../catalogue/offerRepository';
import type { Offer } from '../catalogue/types';
import type { Lang } from '../language/languages';

/**
 * Where the whole offers live while the search keeps only their facts: the database in the
 * service (a Land's 100,000 offers in six languages do not belong in every instance's memory),
 * a Map where there is no database (the eval, the bench's relevance run, unit tests).
 */
export interface OfferStore {
  /** The offers with these ids that exist, in the order asked. */
  get(ids: readonly string[]): Promise<Offer[]>;
  /** Each offer's title in `lang` (German where it has none), for listings in the alphabet. */
  titles(ids: readonly string[], lang: Lang): Promise<Map<string, string>>;
  /** Told of every offer the search takes in or drops, so a store without a database keeps up. */
  remember(offer: Offer): void;
  forget(id: string): void;
}

export class MemoryOfferStore implements OfferStore {
  private readonly offers = new Map<string, Offer>();

  async get(ids: readonly string[]): Promise<Offer[]> {
    return ids.flatMap((id) => this.offers.get(id) ?? []);
  }

  async titles(ids: readonly string[], lang: Lang): Promise<Map<string, string>> {
    return new Map(ids.flatMap((id) => {
      const offer = this.offers.get(id);
      return offer ? [[id, pickText(offer.title, lang).text] as const] : [];
    }));
  }

  remember(offer: Offer): void {
    this.offers.set(offer.id, offer);
  }

  forget(id: string): void {
    this.offers.delete(id);
  }
}

/**
 * Reads offers from the catalogue's tables when asked; the database is already their truth.
 * The offers shown most recently are kept (a few hundred: the same courses come up in question
 * after question), and each change the search applies replaces or drops its offer here too, so
 * what is kept is as current as the index.
 */
export class DatabaseOfferStore implements OfferStore {
  private readonly repository: OfferRepository;
  /** Least recently shown first. */
  private readonly recent = new Map<string, Offer>();
  /** Counts changes told: a read that began before one is not kept, it may hold the older offer. */
  private changes = 0;

  constructor(
    db: Queryable,
    private readonly keep = 500,
  ) {
    this.repository = new OfferRepository(db);
  }

  async get(ids: readonly string[]): Promise<Offer[]> {
    const missing = ids.filter((id) => !this.recent.has(id));
    const read = new Map<string, Offer>();
    if (missing.length) {
      const before = this.changes;
      for (const offer of await this.repository.getMany(missing)) read.set(offer.id, offer);
      if (this.changes === before && missing.length <= this.keep) for (const [id, offer] of read) this.recent.set(id, offer);
    }
    return ids.flatMap((id) => this.touch(id) ?? read.get(id) ?? []);
  }

  async titles(ids: readonly string[], lang: Lang): Promise<Map<string, string>> {
    const wanted = new Set(ids);
    const titles = await this.repository.titles(lang);
    return new Map([...titles].filter(([id]) => wanted.has(id)));
  }

  remember(offer: Offer): void {
    this.changes++;
    if (this.recent.has(offer.id)) this.recent.set(offer.id, offer);
  }

  forget(id: string): void {
    this.changes++;
    this.recent.delete(id);
  }

  /** The kept offer, now most recently used; the least recently used go beyond `keep`. */
  private touch(id: string): Offer | undefined {
    const offer = this.recent.get(id);
    if (offer) {
      this.recent.delete(id);
      this.recent.set(id, offer);
    }
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= this.keep) break;
      this.recent.delete(oldest);
    }
    return offer;
  }
}
