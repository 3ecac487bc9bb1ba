import { toTokens } from '../text/normalize';
import { PostingsIndex, type PostingsSnapshot, type TermResult } from './postingsIndex';

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
  private readonly termCache = new Map<string, ReadonlyMap<string, TermResult>>();
  private cachedHits = 0;

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

  search(queryTokens: readonly string[]): TextHit[] {
    const tokens = this.options.stem ? this.contentTokens(queryTokens).map(this.options.stem) : this.contentTokens(queryTokens);
    if (tokens.length === 0) return [];
    // An OR of several terms is the sum of each term's score, times the number of distinct
    // query terms a document matched (as minisearch has it); the sum is made from each term's own
    // results, which questions share ("deutsch", "курс", "آلمانی") and are kept for the next.
    const perTerm = tokens.map((t) => this.termResults(t));
    const combined = new Map<string, { score: number; matched: number }>();
    tokens.forEach((token, i) => {
      // A repeated word adds its score again but is one matched term: a document holds it at
      // every occurrence or at none, so it is counted at the first.
      const first = tokens.indexOf(token) === i;
      for (const [id, r] of perTerm[i]!) {
        const hit = combined.get(id);
        if (hit) {
          hit.score += r.score;
          if (first) hit.matched++;
        } else combined.set(id, { score: r.score, matched: 1 });
      }
    });
    const hits: LazyHit[] = [];
    for (const [id, h] of combined) hits.push(new LazyHit(id, h.score * h.matched, tokens, perTerm));
    // Coverage and matched words are worked out only for hits someone looks at: a common word
    // in a large catalogue brings thousands of hits, of which a page shows three.
    return hits.sort((a, b) => b.score - a.score);
  }

  /** One term's hits, from the cache while the index is unchanged. */
  private termResults(term: string): ReadonlyMap<string, TermResult> {
    const cached = this.termCache.get(term);
    if (cached) {
      // Most recently used last, so the oldest go first when the cache is full.
      this.termCache.delete(term);
      this.termCache.set(term, cached);
      return cached;
    }
    const results = this.postings.search(term, {
      boost: this.options.boost,
      // Typos only on longer words ("wetter" must not drift to "weiter") that no offer uses;
      // a small index that is worth it (the answers) looks for them on every longer word: one
      // edit in six letters, two from eight.
      fuzzy: term.length >= 6 && (this.options.typosInKnownWords || !this.vocabulary.has(term)) ? Math.round(term.length * 0.2) : false,
      prefix: term.length >= 4,
    });
    this.cachedHits += results.size;
    this.termCache.set(term, results);
    for (const [oldest, hits] of this.termCache) {
      if (this.cachedHits <= TERM_CACHE_HITS) break;
      this.termCache.delete(oldest);
      this.cachedHits -= hits.size;
    }
    return results;
  }

  private forgetTerms(): void {
    this.termCache.clear();
    this.cachedHits = 0;
  }
}


/** Compound parts shorter than this ("ab", "ein") split too many ordinary words. */
const MIN_COMPOUND_PART = 4;

/** Hits kept over all cached terms: about 30 MB, ten common words of a 10,000-offer catalogue. */
const TERM_CACHE_HITS = 200_000;

class LazyHit implements TextHit {
  private detail: { coverage: number; matched: string[] } | null = null;

  constructor(
    readonly id: string,
    readonly score: number,
    private readonly tokens: readonly string[],
    private readonly perTerm: readonly ReadonlyMap<string, TermResult>[],
  ) {}

  get coverage(): number {
    return this.measure().coverage;
  }

  get matched(): string[] {
    return this.measure().matched;
  }

  private measure(): { coverage: number; matched: string[] } {
    if (this.detail) return this.detail;
    const docTerms = new Set<string>();
    const queryTerms = new Set<string>();
    this.perTerm.forEach((results, i) => {
      const r = results.get(this.id);
      if (!r) return;
      queryTerms.add(this.tokens[i]!);
      for (const t of r.terms) docTerms.add(t);
    });
    let covered = 0;
    const matched: string[] = [];
    for (const token of this.tokens) {
      let quality = 0;
      if (docTerms.has(token)) quality = 1;
      else if ([...docTerms].some((d) => d.startsWith(token))) quality = 0.8;
      else if (queryTerms.has(token)) quality = 0.5;
      if (quality > 0) matched.push(token);
      covered += quality;
    }
    this.detail = { coverage: covered / this.tokens.length, matched };
    return this.detail;
  }
}
