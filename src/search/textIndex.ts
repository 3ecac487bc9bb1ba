import { toTokens } from '../text/normalize';
import { PostingsIndex, type PostingsSnapshot, type TermHits } from './postingsIndex';

export interface TextHit {
  id: string;
  score: number;
  /** 0..1: how much of the question the document covers; typo-only matches count half. */
  coverage: number;
  /** Query tokens found in the document. */
  matched: string[];
}

export interface TextIndexOptions<F extends string> {
  fields: readonly F[];
  boost: Partial<Record<F, number>>;
  stopwords: ReadonlySet<string>;
  /**
   * Also look for typo variants of words the index has ("اوسبيلدونغ" for "اوسبیلدونگ"). Costly
   * in a large index, where a word that exists is rarely a typo; worth it in a small one.
   */
  typosInKnownWords?: boolean;
  /** Maps each word to the form both sides are indexed and searched by (a stemmer). */
  stem?: (token: string) => string;
  /**
   * Why a hit matched is asked of many hits per question (the answers: some ninety): each cached
   * term's words are then grouped by document once. An index asked for a few hits (the offers:
   * five) checks the words hit by hit instead, and keeps no such groups in memory.
   */
  explainsManyHits?: boolean;
}

type Doc<F extends string> = { id: string } & Record<F, string>;

/** What `TextIndex.snapshot` gives and `restore` takes back. */
export interface TextIndexSnapshot {
  postings: PostingsSnapshot;
  vocabulary: string[];
}

/**
 * Words to documents, with what a question needs around it: the shared normaliser on both
 * sides, stop words dropped on both sides, compounds split, typos looked for only where a word
 * is unknown, and each word's hits kept for the next question.
 */
export class TextIndex<F extends string> {
  private postings: PostingsIndex<F>;
  private readonly stopwords: ReadonlySet<string>;
  /**
   * Every word ever indexed. A question word found here is taken as written: looking for its
   * typo variants in a six-language vocabulary was the most expensive step of a question, and
   * a word that exists is rarely a typo. Only grows (removed documents leave their words), which
   * at worst skips typo matching for a word no document uses any more.
   */
  private readonly vocabulary = new Set<string>();
  /** Each recent query term's hits; any change to the index empties it. */
  private readonly termCache = new Map<string, TermHits>();
  private cachedHits = 0;
  private scores = new Float64Array(0);
  private counts = new Uint16Array(0);
  private found = new Int32Array(0);
  private lastMatched: Int32Array = new Int32Array(0);

  constructor(private readonly options: TextIndexOptions<F>) {
    this.stopwords = options.stopwords;
    this.postings = this.newPostings();
  }

  private newPostings(): PostingsIndex<F> {
    return new PostingsIndex<F>({
      fields: this.options.fields,
      tokenize: (text: string) => {
        const tokens = toTokens(text);
        for (const token of tokens) this.vocabulary.add(token);
        return tokens;
      },
      processTerm: (term: string) => (this.stopwords.has(term) ? null : this.stemOf(term)),
    });
  }

  /** The whole index as plain data, for `restore` in a later process. */
  snapshot(): TextIndexSnapshot {
    return { postings: this.postings.snapshot(), vocabulary: [...this.vocabulary] };
  }

  /** Replaces the index with a snapshot; false (and the index unchanged) when it cannot be read. */
  restore(snapshot: TextIndexSnapshot): boolean {
    try {
      if (!Array.isArray(snapshot.vocabulary)) return false;
      const postings = this.newPostings();
      postings.restore(snapshot.postings);
      this.postings = postings;
      this.forgetTerms();
      for (const word of snapshot.vocabulary) this.vocabulary.add(word);
      return true;
    } catch {
      // Another format or damaged data: the caller builds instead.
      return false;
    }
  }

  get size(): number {
    return this.postings.documentCount;
  }

  /** Document numbers are below this. */
  get capacity(): number {
    return this.postings.capacity;
  }

  addAll(docs: readonly Doc<F>[]): void {
    this.forgetTerms();
    for (const doc of docs) this.postings.add(doc);
  }

  /** Replaces one document in place, so a catalogue edit is searchable without a rebuild. */
  upsert(doc: Doc<F>): void {
    this.forgetTerms();
    this.postings.replace(doc);
  }

  remove(id: string): void {
    this.forgetTerms();
    this.postings.remove(id);
  }

  /** The content words of a question: normalised, without stop words, compounds split. */
  contentTokens(tokens: readonly string[]): string[] {
    return tokens.flatMap((t) => (this.stopwords.has(t) ? [] : this.splitCompound(t)));
  }

  /**
   * "kitaplatz" where the documents say "Kita-Platz", "abendkurs" where they say "Abend": a word
   * no document uses, made of two that documents do, is read as those two. Such a word would
   * otherwise find nothing but typo variants.
   */
  private splitCompound(token: string): string[] {
    if (token.length < 2 * MIN_COMPOUND_PART || this.vocabulary.has(token) || !/^\p{L}+$/u.test(token)) return [token];
    for (let i = token.length - MIN_COMPOUND_PART; i >= MIN_COMPOUND_PART; i--) {
      const [head, tail] = [token.slice(0, i), token.slice(i)];
      if (this.vocabulary.has(head) && this.vocabulary.has(tail) && !this.stopwords.has(head) && !this.stopwords.has(tail)) return [head, tail];
    }
    return [token];
  }

  private stemOf(term: string): string {
    if (!this.options.stem) return term;
    const stem = this.options.stem(term);
    this.vocabulary.add(stem);
    return stem;
  }

  /** The `limit` documents a question matches best, best first, with the words each matched. */
  search(queryTokens: readonly string[], limit = Infinity): TextHit[] {
    const matches = this.match(queryTokens);
    if (!matches) return [];
    const { score } = matches;
    const best = Number.isFinite(limit) ? bestOf(matches.docs, score, limit) : Array.from(matches.docs).sort((a, b) => score[b]! - score[a]!);
    // Coverage and matched words are worked out only for hits someone looks at: a common word
    // in a large catalogue brings thousands of hits, of which a page shows three.
    return best.map((n) => new LazyHit(this.postings.idOf(n), score[n]!, () => matches.detail(n)));
  }

  /**
   * The same matches by document number (`numberOf`), unsorted: what ranking over a large
   * catalogue reads, without an object per document. Null when the question has no content words.
   */
  match(queryTokens: readonly string[]): TextMatches | null {
    const tokens = this.options.stem ? this.contentTokens(queryTokens).map(this.options.stem) : this.contentTokens(queryTokens);
    if (tokens.length === 0) return null;
    // An OR of several terms is the sum of each term's score, times the number of distinct
    // query terms a document matched (as minisearch has it); the sum is made from each term's own
    // results, which questions share ("deutsch", "курс", "آلمانی") and are kept for the next.
    const perTerm = tokens.map((t) => this.termResults(t));
    const { score, matched, found } = this.scratch();
    let count = 0;
    tokens.forEach((token, i) => {
      // A repeated word adds its score again but is one matched term: a document holds it at
      // every occurrence or at none, so it is counted at the first.
      const first = tokens.indexOf(token) === i;
      const hits = perTerm[i]!;
      for (let j = 0; j < hits.docs.length; j++) {
        const n = hits.docs[j]!;
        if (matched[n] === 0) found[count++] = n;
        score[n]! += hits.scores[j]!;
        if (first) matched[n]!++;
      }
    });
    const docs = found.subarray(0, count);
    let max = 0;
    for (let i = 0; i < count; i++) {
      const n = docs[i]!;
      score[n]! *= matched[n]!;
      matched[n] = 0;
      if (score[n]! > max) max = score[n]!;
    }
    this.lastMatched = docs;
    const postings = this.postings;
    // Asked of every hit a reply looks at (some ninety per question for the answers): the
    // scratch lists are reused from hit to hit and only their first entries count, as a question
    // has a handful of words and a document matches a few of them. (Emptying them by setting
    // their length gave their storage back, and every hit grew it again.)
    const detail = (n: number): { coverage: number; matched: string[] } => {
      let words = 0;
      let terms = 0;
      for (let i = 0; i < perTerm.length; i++) {
        const held = this.options.explainsManyHits ? heldWords(perTerm[i]!, postings) : null;
        const docWords = held ? held.get(n) : postings.wordsIn(n, perTerm[i]!.words);
        if (!docWords?.length) continue;
        for (const word of docWords) if (!holds(detailWords, words, word)) detailWords[words++] = word;
        detailTerms[terms++] = tokens[i]!;
      }
      let covered = 0;
      const found: string[] = [];
      for (const token of tokens) {
        let quality = 0;
        if (holds(detailWords, words, token)) quality = 1;
        else if (startsAny(detailWords, words, token)) quality = 0.8;
        else if (holds(detailTerms, terms, token)) quality = 0.5;
        if (quality > 0) found.push(token);
        covered += quality;
      }
      return { coverage: covered / tokens.length, matched: found };
    };
    return { docs, score, max, detail };
  }

  /**
   * The arrays `match` sums in, kept from one question to the next and cleared where the last
   * one wrote: allocating them per question at 100,000 documents woke the garbage collector.
   */
  private scratch(): { score: Float64Array; matched: Uint16Array; found: Int32Array } {
    const capacity = this.postings.capacity;
    if (this.scores.length < capacity) {
      this.scores = new Float64Array(Math.ceil(capacity * 1.25));
      this.counts = new Uint16Array(this.scores.length);
      this.found = new Int32Array(this.scores.length);
    } else for (const n of this.lastMatched) this.scores[n] = 0;
    this.lastMatched = new Int32Array(0);
    return { score: this.scores, matched: this.counts, found: this.found };
  }

  /** A document's number in `match` results, while it is in the index. */
  numberOf(id: string): number | undefined {
    return this.postings.numberOf(id);
  }

  /** Changes whenever document numbers may have (see `PostingsIndex.epoch`). */
  get epoch(): number {
    return this.postings.epoch;
  }

  /** One term's hits, from the cache while the index is unchanged. */
  private termResults(term: string): TermHits {
    const cached = this.termCache.get(term);
    if (cached) {
      // Most recently used last, so the oldest go first when the cache is full.
      this.termCache.delete(term);
      this.termCache.set(term, cached);
      return cached;
    }
    const results = this.postings.hits(term, {
      boost: this.options.boost,
      // Typos only on longer words ("wetter" must not drift to "weiter") that no offer uses;
      // a small index that is worth it (the answers) looks for them on every longer word: one
      // edit in six letters, two from eight.
      fuzzy: term.length >= 6 && (this.options.typosInKnownWords || !this.vocabulary.has(term)) ? Math.round(term.length * 0.2) : false,
      prefix: term.length >= 4,
    });
    this.cachedHits += results.docs.length;
    this.termCache.set(term, results);
    for (const [oldest, hits] of this.termCache) {
      if (this.cachedHits <= TERM_CACHE_HITS) break;
      this.termCache.delete(oldest);
      this.cachedHits -= hits.docs.length;
    }
    return results;
  }

  private forgetTerms(): void {
    this.termCache.clear();
    this.cachedHits = 0;
  }
}

/** What `TextIndex.match` finds: documents by number, their scores, and on demand why. */
export interface TextMatches {
  /** Every document matched, in the order found; valid until the index's next `match`. */
  docs: Int32Array;
  /** Score by document number (0 where not matched); valid until the index's next `match`. */
  score: Float64Array;
  max: number;
  /** How much of the question one document covers, and the question words it matched. */
  detail(n: number): { coverage: number; matched: string[] };
}

/**
 * The `limit` best-scored documents, best first; equal scores keep the order found, as a stable
 * sort of all of them would. A common word matches thousands of question variants, of which
 * the answer matcher reads sixty: they are kept in a short sorted list instead of sorting all.
 */
function bestOf(docs: Int32Array, score: Float64Array, limit: number): number[] {
  const best: number[] = [];
  for (const n of docs) {
    const s = score[n]!;
    if (best.length === limit && s <= score[best[limit - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && score[best[at - 1]!]! < s) at--;
    best.splice(at, 0, n);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Each cached term's words by document, made when first asked (see `heldWords`). */
const wordsByDocument = new WeakMap<TermHits, Map<number, string[]>>();
/** Above this many documents a term's words are checked one by one instead. */
const MAX_HELD_HITS = 5000;

/**
 * Which of the term's words each of its documents holds, worked out once per cached term from
 * the same postings its hits came from. A prefix such as "deutsch" brings hundreds of words,
 * and checking each against each hit a reply looks at was the costliest part of a question's
 * text matching. Null for a term with so many hits that the map would cost more than it saves.
 */
function heldWords<F extends string>(hits: TermHits, postings: PostingsIndex<F>): Map<number, string[]> | null {
  if (hits.docs.length > MAX_HELD_HITS) return null;
  let held = wordsByDocument.get(hits);
  if (!held) {
    held = postings.wordsByDocument(hits.words);
    wordsByDocument.set(hits, held);
  }
  return held;
}

/**
 * Scratch lists of `detail`, which runs to the end without yielding: reused, not allocated per
 * hit; a call reads only the entries it wrote.
 */
const detailWords: string[] = [];
const detailTerms: string[] = [];

/** Whether the first `count` entries of `list` include `word`. */
function holds(list: readonly string[], count: number, word: string): boolean {
  for (let i = 0; i < count; i++) if (list[i] === word) return true;
  return false;
}

/** Whether one of the first `count` words starts with `prefix`. */
function startsAny(words: readonly string[], count: number, prefix: string): boolean {
  for (let i = 0; i < count; i++) if (words[i]!.startsWith(prefix)) return true;
  return false;
}

/** Compound parts shorter than this ("ab", "ein") split too many ordinary words. */
const MIN_COMPOUND_PART = 4;

/** Hits kept over all cached terms: 12 bytes each, 12 MB, ten common words of 100,000 offers. */
const TERM_CACHE_HITS = 1_000_000;

class LazyHit implements TextHit {
  private known: { coverage: number; matched: string[] } | null = null;

  constructor(
    readonly id: string,
    readonly score: number,
    private readonly detail: () => { coverage: number; matched: string[] },
  ) {}

  get coverage(): number {
    return (this.known ??= this.detail()).coverage;
  }

  get matched(): string[] {
    return (this.known ??= this.detail()).matched;
  }
}
