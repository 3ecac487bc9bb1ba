import { TypoVocabulary } from '../text/typoVocabulary';

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

/**
 * One query word's matches by document number, in the order found: arrays rather than an
 * object per document, since a common word matches most of a large index.
 */
export interface TermHits {
  docs: Int32Array;
  /** Score per entry of `docs`. */
  scores: Float64Array;
  /** The indexed words that matched, in the order scored (see `wordsIn`). */
  words: string[];
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
  private changes = 0;
  private scratch = new Float64Array(0);
  private scratchDocs = new Int32Array(0);
  /** Words in order, for prefix search; rebuilt after words were added. */
  private sorted: string[] | null = null;
  /** The same words for typo search; rebuilt with `sorted`. */
  private typoWords: TypoVocabulary | null = null;

  constructor(private readonly options: PostingsOptions<F>) {
    this.fields = options.fields;
    this.totalLength = new Float64Array(options.fields.length);
  }

  get documentCount(): number {
    return this.live;
  }

  /** Document numbers are below this (removed ones included, until `compact`). */
  get capacity(): number {
    return this.ids.length;
  }

  /**
   * Changes whenever documents are added, removed or numbered again: what a caller keeps per
   * document number is stale once it differs from what it was.
   */
  get epoch(): number {
    return this.changes;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** The document's number while it is in the index. */
  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  idOf(n: number): string {
    return this.ids[n]!;
  }

  add(doc: { id: string } & Record<F, string>): void {
    if (this.numbers.has(doc.id)) throw new Error(`duplicate document ${doc.id}`);
    this.changes++;
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
    this.changes++;
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
  hits(term: string, query: TermQuery<F>): TermHits {
    // One scratch array for every search, cleared where it was written: a fresh one per word of
    // 100,000 documents made the garbage collector run in the middle of questions.
    if (this.scratch.length < this.ids.length) {
      this.scratch = new Float64Array(Math.ceil(this.ids.length * 1.25));
      this.scratchDocs = new Int32Array(this.scratch.length);
    }
    const score = this.scratch;
    const found = { docs: this.scratchDocs, count: 0 };
    const words: string[] = [];
    const add = (word: string, weight: number) => {
      if (this.score(word, weight, query, score, found)) words.push(word);
    };
    add(term, 1);
    const seen = new Set<string>([term]);
    if (query.prefix) {
      for (const word of this.wordsStartingWith(term)) {
        if (word === term) continue;
        seen.add(word);
        add(word, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * (word.length - term.length)));
      }
    }
    if (query.fuzzy) {
      for (const [word, distance] of this.wordsNear(term, query.fuzzy)) {
        if (seen.has(word)) continue;
        add(word, (FUZZY_WEIGHT * word.length) / (word.length + distance));
      }
    }
    // In the order found: sorting tens of thousands of hits of a common word cost more than the
    // rest of a question, and a ranking reads scores, not positions.
    const docs = found.docs.slice(0, found.count);
    const scores = new Float64Array(docs.length);
    docs.forEach((n, i) => {
      scores[i] = score[n]!;
      score[n] = 0;
    });
    return { docs, scores, words };
  }

  /** Which of `words` document `n` holds (in any field), in their order. */
  wordsIn(n: number, words: readonly string[]): string[] {
    return words.filter((word) => this.holdsWord(n, word));
  }

  /** For each document holding any of `words` (in any field), which of them, in their order. */
  wordsByDocument(words: readonly string[]): Map<number, string[]> {
    const held = new Map<number, string[]>();
    for (const word of words) {
      for (const list of this.postings.get(word) ?? []) {
        if (!list) continue;
        for (let i = 0; i < list.length; i++) {
          const n = list.docs[i]!;
          const known = held.get(n);
          if (!known) held.set(n, [word]);
          // A word in two fields is listed once.
          else if (known[known.length - 1] !== word) known.push(word);
        }
      }
    }
    return held;
  }

  /** Whether document `n` holds `word` in any field. */
  holdsWord(n: number, word: string): boolean {
    const lists = this.postings.get(word);
    if (!lists) return false;
    for (const list of lists) if (list && holds(list, n)) return true;
    return false;
  }

  /** Adds the word's weighted score to each live document holding it; true when any does. */
  private score(word: string, weight: number, query: TermQuery<F>, scores: Float64Array, found: { docs: Int32Array; count: number }): boolean {
    const lists = this.postings.get(word);
    if (!lists) return false;
    let any = false;
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
        // A live document's score is never 0 (idf and d are positive): 0 means not found yet.
        if (scores[n] === 0) found.docs[found.count++] = n;
        scores[n]! += weight * boost * raw;
        any = true;
      }
    });
    return any;
  }

  private sortedWords(): string[] {
    if (!this.sorted) {
      this.sorted = [...this.postings.keys()].sort();
      this.typoWords = new TypoVocabulary(this.sorted);
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

  /** Words within `max` edits of `term`, not `term` itself (Levenshtein, as minisearch counts typos). */
  private wordsNear(term: string, max: number): [string, number][] {
    this.sortedWords();
    const near: [string, number][] = [];
    this.typoWords!.forEachNear(term, () => max, (word, distance) => near.push([word, distance]), false);
    return near;
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
    this.changes++;
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
    this.changes++;
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


/** Whether a posting list holds document `n`: its documents are in ascending order. */
function holds(list: PostingList, n: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.docs[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list.docs[lo] === n;
}
