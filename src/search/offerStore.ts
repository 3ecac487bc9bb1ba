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

/** Reads offers from the catalogue's tables when asked; the database is already their truth. */
export class DatabaseOfferStore implements OfferStore {
  private readonly repository: OfferRepository;

  constructor(db: Queryable) {
    this.repository = new OfferRepository(db);
  }

  async get(ids: readonly string[]): Promise<Offer[]> {
    const found = new Map((await this.repository.getMany(ids)).map((o) => [o.id, o]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async titles(ids: readonly string[], lang: Lang): Promise<Map<string, string>> {
    const wanted = new Set(ids);
    const titles = await this.repository.titles(lang);
    return new Map([...titles].filter(([id]) => wanted.has(id)));
  }

  remember(): void {}

  forget(): void {}
}
