import type { OfferFacts } from './offerFacts';

/**
 * The offers' facts as a few typed arrays and short string lists, for the saved search: as one
 * JSON object per offer, parsing 100,000 of them was most of a start. Lists keep their order
 * (an offer's first category is its main topic), so decoding gives back exactly what was encoded.
 */
export interface EncodedFacts {
  format: 'facts-1';
  /** Every id, joined by line breaks (ids hold none). */
  ids: string;
  /** Values that repeat across offers (provider, town, status, mode, end date, list items), once each. */
  words: string[];
  /** Per offer, positions in `words`. */
  provider: Uint32Array;
  town: Uint32Array;
  status: Uint32Array;
  mode: Uint32Array;
  /** Position in `words` + 1; 0 for no end date. */
  validUntil: Uint32Array;
  /** Bits: sample, evening, free, childcare, womenOnly. */
  flags: Uint8Array;
  /** Categories, levels and audiences of every offer in a row, as positions in `words`. */
  items: Uint32Array;
  /** Per offer: how many categories, levels and audiences, in that order. */
  counts: Uint8Array;
}

const FLAGS = ['sample', 'evening', 'free', 'childcare', 'womenOnly'] as const;

export function encodeFacts(facts: readonly OfferFacts[]): EncodedFacts {
  const words: string[] = [];
  const positions = new Map<string, number>();
  const word = (value: string): number => {
    let at = positions.get(value);
    if (at === undefined) {
      at = words.push(value) - 1;
      positions.set(value, at);
    }
    return at;
  };
  const n = facts.length;
  const encoded: EncodedFacts = {
    format: 'facts-1',
    ids: facts.map((f) => f.id).join('\n'),
    words,
    provider: new Uint32Array(n),
    town: new Uint32Array(n),
    status: new Uint32Array(n),
    mode: new Uint32Array(n),
    validUntil: new Uint32Array(n),
    flags: new Uint8Array(n),
    items: new Uint32Array(0),
    counts: new Uint8Array(n * 3),
  };
  const items: number[] = [];
  facts.forEach((f, i) => {
    if (f.id.includes('\n')) throw new Error(`offer id ${JSON.stringify(f.id)} holds a line break`);
    encoded.provider[i] = word(f.providerId);
    encoded.town[i] = word(f.townId);
    encoded.status[i] = word(f.status);
    encoded.mode[i] = word(f.mode);
    encoded.validUntil[i] = f.validUntil ? word(f.validUntil) + 1 : 0;
    encoded.flags[i] = FLAGS.reduce((bits, flag, b) => (f[flag] ? bits | (1 << b) : bits), 0);
    [f.categories, f.levels, f.audiences].forEach((list: readonly string[], k) => {
      if (list.length > 255) throw new Error(`offer ${f.id} has more than 255 entries in a list`);
      encoded.counts[i * 3 + k] = list.length;
      for (const value of list) items.push(word(value));
    });
  });
  encoded.items = new Uint32Array(items);
  return encoded;
}

/** The facts back; throws on arrays that do not fit each other (a damaged file). */
export function decodeFacts(encoded: EncodedFacts): OfferFacts[] {
  if (encoded.format !== 'facts-1' || typeof encoded.ids !== 'string' || !Array.isArray(encoded.words)) throw new Error('another facts format');
  const ids = encoded.ids === '' ? [] : encoded.ids.split('\n');
  const n = ids.length;
  const { words } = encoded;
  for (const column of [encoded.provider, encoded.town, encoded.status, encoded.mode, encoded.validUntil, encoded.flags]) {
    if (column.length !== n) throw new Error('inconsistent facts');
  }
  if (encoded.counts.length !== n * 3) throw new Error('inconsistent facts');
  const at = (i: number): string => {
    const value = words[i];
    if (value === undefined) throw new Error('inconsistent facts');
    return value;
  };
  let next = 0;
  const list = (count: number): string[] => {
    if (next + count > encoded.items.length) throw new Error('inconsistent facts');
    const values = new Array<string>(count);
    for (let k = 0; k < count; k++) values[k] = at(encoded.items[next++]!);
    return values;
  };
  const facts = new Array<OfferFacts>(n);
  for (let i = 0; i < n; i++) {
    const flags = encoded.flags[i]!;
    const validUntil = encoded.validUntil[i]!;
    facts[i] = {
      id: ids[i]!,
      status: at(encoded.status[i]!) as OfferFacts['status'],
      categories: list(encoded.counts[i * 3]!) as OfferFacts['categories'],
      providerId: at(encoded.provider[i]!),
      townId: at(encoded.town[i]!),
      levels: list(encoded.counts[i * 3 + 1]!) as OfferFacts['levels'],
      mode: at(encoded.mode[i]!) as OfferFacts['mode'],
      audiences: list(encoded.counts[i * 3 + 2]!) as OfferFacts['audiences'],
      validUntil: validUntil === 0 ? null : at(validUntil - 1),
      sample: (flags & 1) !== 0,
      evening: (flags & 2) !== 0,
      free: (flags & 4) !== 0,
      childcare: (flags & 8) !== 0,
      womenOnly: (flags & 16) !== 0,
    };
  }
  if (next !== encoded.items.length) throw new Error('inconsistent facts');
  return facts;
}
