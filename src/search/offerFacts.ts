import type { Offer } from '../catalogue/types';
import { FACETS } from './lexicon';

/**
 * What ranking and filters read of an offer, and nothing a newcomer reads: the search holds
 * this for every offer (about 200 bytes), and reads the offers it shows from the `OfferStore`.
 */
export type OfferFacts = Pick<
  Offer,
  'id' | 'status' | 'categories' | 'providerId' | 'townId' | 'levels' | 'mode' | 'audiences' | 'validUntil' | 'sample' | (typeof FACETS)[number]
>;

export function factsOf(offer: OfferFacts): OfferFacts {
  return {
    id: offer.id,
    status: offer.status,
    categories: offer.categories,
    providerId: offer.providerId,
    townId: offer.townId,
    levels: offer.levels,
    mode: offer.mode,
    audiences: offer.audiences,
    validUntil: offer.validUntil,
    sample: offer.sample,
    evening: offer.evening,
    free: offer.free,
    childcare: offer.childcare,
    womenOnly: offer.womenOnly,
  };
}

/** What a newcomer may see: active, and not past its end date. */
export function isVisible(offer: Pick<Offer, 'status' | 'validUntil'>, today: string): boolean {
  return offer.status !== 'inactive' && (!offer.validUntil || offer.validUntil >= today);
}

export const todayIso = (): string => new Date().toISOString().slice(0, 10);
