import { AUDIENCE_AGES, AUDIENCES, CATEGORY_IDS, LEVELS, type CategoryId, type Level } from '../catalogue/types';
import { FACETS, type Facet } from './lexicon';
import type { OfferFacts } from './offerFacts';

/**
 * The facts ranking reads, one typed array per fact, indexed by the text index's document
 * numbers: a search over tens of thousands of candidates reads numbers and bit masks instead of
 * objects, strings and lists. Sets (categories, facets, levels, audiences) are bit masks in
 * the order of their id lists.
 */
export interface OfferColumns {
  facts: (OfferFacts | undefined)[];
  /** Last day a newcomer may see it, as YYYYMMDD; 0 when inactive or removed; 99999999 without an end. */
  visibleUntil: Int32Array;
  categories: Uint16Array;
  facets: Uint8Array;
  levels: Uint8Array;
  audiences: Uint32Array;
  /** Position in the towns given to `buildColumns`; -1 for a town not among them. */
  town: Int16Array;
  onsite: Uint8Array;
  /** Place in id order, for ties. */
  rank: Int32Array;
  members: Map<CategoryId, Int32Array>;
}

const NO_END = 99_999_999;

export const dayNumber = (isoDate: string): number => Number(isoDate.slice(0, 10).replaceAll('-', ''));

const maskOf = <T extends string>(ids: readonly T[], values: readonly T[]): number => {
  let mask = 0;
  for (const v of values) {
    const i = ids.indexOf(v);
    if (i >= 0) mask |= 1 << i;
  }
  return mask >>> 0;
};

export const categoryMask = (values: readonly CategoryId[]): number => maskOf(CATEGORY_IDS, values);
export const facetMask = (values: readonly Facet[]): number => maskOf(FACETS, values);
export const levelMask = (values: readonly Level[]): number => maskOf(LEVELS, values);

/** Audiences bound to an age range at all, and those whose range holds `age`. */
export function ageMasks(age: number): { bound: number; holding: number } {
  let bound = 0;
  let holding = 0;
  AUDIENCES.forEach((a, i) => {
    const range = AUDIENCE_AGES[a];
    if (!range) return;
    bound |= 1 << i;
    if (age >= range.min && age <= range.max) holding |= 1 << i;
  });
  return { bound: bound >>> 0, holding: holding >>> 0 };
}

export function buildColumns(
  offers: Iterable<OfferFacts>,
  capacity: number,
  numberOf: (id: string) => number | undefined,
  townIds: readonly string[],
  idOrder: (a: string, b: string) => number,
): OfferColumns {
  const columns: OfferColumns = {
    facts: new Array(capacity),
    visibleUntil: new Int32Array(capacity),
    categories: new Uint16Array(capacity),
    facets: new Uint8Array(capacity),
    levels: new Uint8Array(capacity),
    audiences: new Uint32Array(capacity),
    town: new Int16Array(capacity).fill(-1),
    onsite: new Uint8Array(capacity),
    rank: new Int32Array(capacity),
    members: new Map(),
  };
  const townIndex = new Map(townIds.map((id, i) => [id, i]));
  const members = new Map<CategoryId, number[]>();
  const ids: string[] = [];
  for (const o of offers) {
    const n = numberOf(o.id);
    if (n === undefined) continue;
    ids.push(o.id);
    columns.facts[n] = o;
    columns.visibleUntil[n] = o.status === 'inactive' ? 0 : o.validUntil ? dayNumber(o.validUntil) : NO_END;
    columns.categories[n] = categoryMask(o.categories);
    columns.facets[n] = facetMask(FACETS.filter((f) => o[f]));
    columns.levels[n] = levelMask(o.levels);
    columns.audiences[n] = maskOf(AUDIENCES, o.audiences);
    columns.town[n] = townIndex.get(o.townId) ?? -1;
    columns.onsite[n] = o.mode === 'onsite' ? 1 : 0;
    for (const c of new Set(o.categories)) {
      const list = members.get(c);
      if (list) list.push(n);
      else members.set(c, [n]);
    }
  }
  ids.sort(idOrder).forEach((id, i) => (columns.rank[numberOf(id)!] = i));
  for (const [c, list] of members) columns.members.set(c, new Int32Array(list));
  return columns;
}
