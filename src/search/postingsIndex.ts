import { editDistance } from '../text/editDistance';

/**
 * An inverted index in typed arrays, scoring as minisearch 7 does (BM25+ per field, prefix and
 * fuzzy matches weighted by their distance) so that rankings stay what they were, at a tenth of
 * the memory: minisearch keeps a Map per term and field, 950 MB at 100,000 offers; this keeps
 * one array of document numbers and one of term frequencies per term and field. It restores
 * from a snapshot by copying buffers instead of rebuilding maps.
 *
 * Removing a document only marks it; its postings stay until `compact` and are skipped (and
 * not counted for document frequency) meanwhile.
 */

export interface PostingsOptions<F extends string> {
  fields: readonly F[];
  /** Splits a field's text into words. */
  tokenize: (text: string) => string[];
  /** A word as indexed, or null to leave it out (a stop word); it still counts for field length. */
  processTerm: (term: string) => string | null;
}

export interface TermQuery<F extends string> {
  boost: Partial<Record<F, number>>;
  prefix: boolean;
  /** Up to this many edits (Levenshtein), or false. */
  fuzzy: number | false;
}

export interface TermResult {
  score: number;
  /** The indexed words that matched: the term itself, longer words, typo variants. */
  terms: string[];
}

/** Typed arrays, not text: a store writes them as they are (see `FileSnapshotStore`). */
export interface PostingsSnapshot {
  format: 'postings-2';
  fields: string[];
  ids: string[];
  alive: Uint8Array;
  fieldLength: Uint16Array;
  terms: string[];
  /** Per term and field (term-major): how many postings, then all documents, then all frequencies. */
  counts: Uint32Array;
  docs: Uint32Array;
  freqs: Uint8Array;
}

/** minisearch's defaults. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

class PostingList {
  constructor(
    public docs: Uint32Array,
    public freqs: Uint8Array,
    public length: number,
  ) {}

  static empty(): PostingList {
    return new PostingList(new Uint32Array(4), new Uint8Array(4), 0);
  }

  push(doc: number, freq: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      const freqs = new Uint8Array(this.length * 2);
      freqs.set(this.freqs);
      this.docs = docs;
      this.freqs = freqs;
    }
    this.docs[this.length] = doc;
    this.freqs[this.length] = Math.min(255, freq);
    this.length++;
  }
}

export class PostingsIndex<F extends string> {
  private readonly fields: readonly F[];
  /** Per word, one list per field (undefined where the word never occurs in that field). */
  private readonly postings = new Map<string, (PostingList | undefined)[]>();
  private ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  private alive = new Uint8Array(64);
  private fieldLength = new Uint16Array(64);
  private readonly totalLength: Float64Array;
  private live = 0;
  /** Words in order, for prefix search; rebuilt after words were added. */
  private sorted: string[] | null = null;
  /** The same words by length, for typo search; rebuilt with `sorted`. */
  private byLength: string[][] | null = null;

  constructor(private readonly options: PostingsOptions<F>) {
    this.fields = options.fields;
    this.totalLength = new Float64Array(options.fields.length);
  }

  get documentCount(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  add(doc: { id: string } & Record<F, string>): void {
    if (this.numbers.has(doc.id)) throw new Error(`duplicate document ${doc.id}`);
    const n = this.ids.length;
    this.ensureDocs(n + 1);
    this.ids.push(doc.id);
    this.numbers.set(doc.id, n);
    this.alive[n] = 1;
    this.live++;
    const F = this.fields.length;
    this.fields.forEach((field, f) => {
      const text = doc[field];
      if (text == null) return;
      const tokens = this.options.tokenize(String(text));
      // Kept as stored, so that removing the document takes off exactly what adding it put on.
      const length = Math.min(65535, new Set(tokens).size);
      this.fieldLength[n * F + f] = length;
      this.totalLength[f]! += length;
      const freq = new Map<string, number>();
      for (const token of tokens) {
        const term = this.options.processTerm(token);
        if (term) freq.set(term, (freq.get(term) ?? 0) + 1);
      }
      for (const [term, count] of freq) {
        let lists = this.postings.get(term);
        if (!lists) {
          lists = new Array<PostingList | undefined>(F);
          this.postings.set(term, lists);
          this.sorted = null;
        }
        (lists[f] ??= PostingList.empty()).push(n, count);
      }
    });
  }

  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    this.numbers.delete(id);
    this.alive[n] = 0;
    this.live--;
    const F = this.fields.length;
    for (let f = 0; f < F; f++) this.totalLength[f]! -= this.fieldLength[n * F + f]!;
    if (this.ids.length - this.live > Math.max(1000, this.live)) this.compact();
  }

  replace(doc: { id: string } & Record<F, string>): void {
    this.remove(doc.id);
    this.add(doc);
  }

  /** One query word's matches: the word, longer words it begins, and words within `fuzzy` edits. */
  search(term: string, query: TermQuery<F>): Map<string, TermResult> {
    const scores = new Map<number, TermResult>();
    this.score(term, 1, query, scores);
    const seen = new Set<string>([term]);
    if (query.prefix) {
      for (const word of this.wordsStartingWith(term)) {
        if (word === term) continue;
        seen.add(word);
        this.score(word, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * (word.length - term.length)), query, scores);
      }
    }
    if (query.fuzzy) {
      for (const [word, distance] of this.wordsNear(term, query.fuzzy)) {
        if (seen.has(word)) continue;
        this.score(word, (FUZZY_WEIGHT * word.length) / (word.length + distance), query, scores);
      }
    }
    // Best first, as minisearch gives them: equal scores keep the order they were found in.
    const order = [...scores.keys()];
    const score = new Float64Array(this.ids.length);
    for (const [n, r] of scores) score[n] = r.score;
    order.sort((a, b) => score[b]! - score[a]!);
    const results = new Map<string, TermResult>();
    for (const n of order) results.set(this.ids[n]!, scores.get(n)!);
    return results;
  }

  private score(word: string, weight: number, query: TermQuery<F>, scores: Map<number, TermResult>): void {
    const lists = this.postings.get(word);
    if (!lists) return;
    const F = this.fields.length;
    const { k, b, d } = BM25;
    this.fields.forEach((field, f) => {
      const list = lists[f];
      if (!list) return;
      const boost = query.boost[field] || 1;
      let matching = 0;
      for (let i = 0; i < list.length; i++) matching += this.alive[list.docs[i]!]!;
      if (matching === 0) return;
      const idf = Math.log(1 + (this.live - matching + 0.5) / (matching + 0.5));
      const average = this.totalLength[f]! / this.live;
      for (let i = 0; i < list.length; i++) {
        const n = list.docs[i]!;
        if (!this.alive[n]) continue;
        const tf = list.freqs[i]!;
        const length = this.fieldLength[n * F + f]!;
        const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
        const result = scores.get(n);
        if (result) {
          result.score += weight * boost * raw;
          if (!result.terms.includes(word)) result.terms.push(word);
        } else scores.set(n, { score: weight * boost * raw, terms: [word] });
      }
    });
  }

  private sortedWords(): string[] {
    if (!this.sorted) {
      this.sorted = [...this.postings.keys()].sort();
      this.byLength = [];
      for (const word of this.sorted) (this.byLength[word.length] ??= []).push(word);
    }
    return this.sorted;
  }

  private *wordsStartingWith(prefix: string): Generator<string> {
    const words = this.sortedWords();
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < words.length && words[i]!.startsWith(prefix); i++) yield words[i]!;
  }

  private *wordsNear(term: string, max: number): Generator<[string, number]> {
    this.sortedWords();
    for (let length = Math.max(1, term.length - max); length <= term.length + max; length++) {
      for (const word of this.byLength![length] ?? []) {
        const distance = editDistance(term, word, max, false);
        if (distance <= max && distance > 0) yield [word, distance];
      }
    }
  }

  /** Drops removed documents' postings and numbers the rest again. */
  compact(): void {
    const F = this.fields.length;
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    this.ids.forEach((id, n) => {
      if (this.alive[n]) renumber[n] = ids.push(id) - 1;
    });
    const fieldLength = new Uint16Array(Math.max(64, ids.length * F));
    for (let n = 0; n < this.ids.length; n++) {
      const to = renumber[n]!;
      if (to >= 0) fieldLength.set(this.fieldLength.subarray(n * F, n * F + F), to * F);
    }
    for (const [word, lists] of this.postings) {
      let any = false;
      lists.forEach((list, f) => {
        if (!list) return;
        const kept = PostingList.empty();
        for (let i = 0; i < list.length; i++) {
          const to = renumber[list.docs[i]!]!;
          if (to >= 0) kept.push(to, list.freqs[i]!);
        }
        lists[f] = kept.length > 0 ? kept : undefined;
        any ||= kept.length > 0;
      });
      if (!any) {
        this.postings.delete(word);
        this.sorted = null;
      }
    }
    this.ids = ids;
    this.numbers.clear();
    ids.forEach((id, n) => this.numbers.set(id, n));
    this.alive = new Uint8Array(Math.max(64, ids.length)).fill(1, 0, ids.length);
    this.fieldLength = fieldLength;
  }

  snapshot(): PostingsSnapshot {
    this.compact();
    const F = this.fields.length;
    const terms = [...this.postings.keys()];
    const counts = new Uint32Array(terms.length * F);
    let total = 0;
    terms.forEach((term, t) => {
      this.postings.get(term)!.forEach((list, f) => {
        counts[t * F + f] = list?.length ?? 0;
        total += list?.length ?? 0;
      });
    });
    const docs = new Uint32Array(total);
    const freqs = new Uint8Array(total);
    let at = 0;
    for (const term of terms) {
      for (const list of this.postings.get(term)!) {
        if (!list) continue;
        docs.set(list.docs.subarray(0, list.length), at);
        freqs.set(list.freqs.subarray(0, list.length), at);
        at += list.length;
      }
    }
    return {
      format: 'postings-2',
      fields: [...this.fields],
      ids: [...this.ids],
      alive: this.alive.slice(0, this.ids.length),
      fieldLength: this.fieldLength.slice(0, this.ids.length * F),
      terms,
      counts,
      docs,
      freqs,
    };
  }

  /** Replaces the contents with a snapshot; throws when it does not fit these fields. */
  restore(snapshot: PostingsSnapshot): void {
    const F = this.fields.length;
    if (snapshot.format !== 'postings-2' || snapshot.fields.join('\n') !== this.fields.join('\n')) throw new Error('another index format');
    const { alive, fieldLength, counts, docs, freqs } = snapshot;
    if (!(alive instanceof Uint8Array && fieldLength instanceof Uint16Array && counts instanceof Uint32Array && docs instanceof Uint32Array && freqs instanceof Uint8Array)) {
      throw new Error('another index format');
    }
    if (docs.length !== freqs.length || alive.length !== snapshot.ids.length || fieldLength.length !== snapshot.ids.length * F || counts.length !== snapshot.terms.length * F) {
      throw new Error('inconsistent index snapshot');
    }
    this.postings.clear();
    let at = 0;
    snapshot.terms.forEach((term, t) => {
      const lists = new Array<PostingList | undefined>(F);
      for (let f = 0; f < F; f++) {
        const count = counts[t * F + f]!;
        if (count === 0) continue;
        if (at + count > docs.length) throw new Error('inconsistent index snapshot');
        // Views into the snapshot's buffers: a list copies itself only when it grows.
        lists[f] = new PostingList(docs.subarray(at, at + count), freqs.subarray(at, at + count), count);
        at += count;
      }
      this.postings.set(term, lists);
    });
    this.ids = [...snapshot.ids];
    this.numbers.clear();
    this.live = 0;
    this.ids.forEach((id, n) => {
      if (alive[n]) {
        this.numbers.set(id, n);
        this.live++;
      }
    });
    this.alive = new Uint8Array(Math.max(64, this.ids.length));
    this.alive.set(alive);
    this.fieldLength = new Uint16Array(Math.max(64, this.ids.length * F));
    this.fieldLength.set(fieldLength);
    this.totalLength.fill(0);
    for (let n = 0; n < this.ids.length; n++) {
      if (!alive[n]) continue;
      for (let f = 0; f < F; f++) this.totalLength[f]! += fieldLength[n * F + f]!;
    }
    this.sorted = null;
  }

  private ensureDocs(count: number): void {
    const F = this.fields.length;
    if (count > this.alive.length) {
      const alive = new Uint8Array(Math.max(count, this.alive.length * 2));
      alive.set(this.alive);
      this.alive = alive;
    }
    if (count * F > this.fieldLength.length) {
      const lengths = new Uint16Array(Math.max(count * F, this.fieldLength.length * 2));
      lengths.set(this.fieldLength);
      this.fieldLength = lengths;
    }
  }
}

