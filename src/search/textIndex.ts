import MiniSearch from 'minisearch';
import { toTokens } from '../text/normalize';

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
}

type Doc<F extends string> = { id: string } & Record<F, string>;

/**
 * A thin wrapper over minisearch so no minisearch type leaves the search module. Text is run
 * through the shared normaliser on both sides; stop words are dropped on both sides too.
 */
/** What `TextIndex.snapshot` gives and `restore` takes back. */
export interface TextIndexSnapshot {
  minisearch: unknown;
  vocabulary: string[];
}

export class TextIndex<F extends string> {
  private mini: MiniSearch<Doc<F>>;
  private readonly stopwords: ReadonlySet<string>;
  /**
   * Every word ever indexed. A question word found here is taken as written: looking for its
   * typo variants in a six-language vocabulary was the most expensive step of a question, and
   * a word that exists is rarely a typo. Only grows (removed documents leave their words), which
   * at worst skips typo matching for a word no document uses any more.
   */
  private readonly vocabulary = new Set<string>();

  constructor(private readonly options: TextIndexOptions<F>) {
    this.stopwords = options.stopwords;
    this.mini = new MiniSearch<Doc<F>>(this.miniOptions());
  }

  private miniOptions() {
    return {
      fields: [...this.options.fields],
      idField: 'id',
      tokenize: (text: string) => {
        const tokens = toTokens(text);
        for (const token of tokens) this.vocabulary.add(token);
        return tokens;
      },
      processTerm: (term: string) => (this.stopwords.has(term) ? null : term),
    };
  }

  /** The whole index as plain data, for `restore` in a later process. */
  snapshot(): TextIndexSnapshot {
    return { minisearch: this.mini.toJSON(), vocabulary: [...this.vocabulary] };
  }

  /** Replaces the index with a snapshot; false (and the index unchanged) when it cannot be read. */
  restore(snapshot: TextIndexSnapshot): boolean {
    try {
      const mini = MiniSearch.loadJS<Doc<F>>(snapshot.minisearch as Parameters<typeof MiniSearch.loadJS>[0], this.miniOptions());
      if (!Array.isArray(snapshot.vocabulary)) return false;
      this.mini = mini;
      for (const word of snapshot.vocabulary) this.vocabulary.add(word);
      return true;
    } catch {
      // Another minisearch format or damaged data: the caller builds instead.
      return false;
    }
  }

  get size(): number {
    return this.mini.documentCount;
  }

  addAll(docs: readonly Doc<F>[]): void {
    this.mini.addAll(docs);
  }

  /** Replaces one document in place, so a catalogue edit is searchable without a rebuild. */
  upsert(doc: Doc<F>): void {
    if (this.mini.has(doc.id)) this.mini.replace(doc);
    else this.mini.add(doc);
  }

  remove(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
  }

  /** The content words of a question: normalised, without stop words. */
  contentTokens(tokens: readonly string[]): string[] {
    return tokens.filter((t) => !this.stopwords.has(t));
  }

  search(queryTokens: readonly string[]): TextHit[] {
    const tokens = this.contentTokens(queryTokens);
    if (tokens.length === 0) return [];
    const results = this.mini.search(tokens.join(' '), {
      boost: this.options.boost as Record<string, number>,
      // Typos only on longer words ("wetter" must not drift to "weiter") that no offer uses.
      fuzzy: (term) => (term.length >= 6 && !this.vocabulary.has(term) ? 0.2 : false),
      prefix: (term) => term.length >= 4,
      combineWith: 'OR',
      // The shared tokenizer already split the query; keep it from splitting again.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
    });
    // Coverage and matched words are worked out only for hits someone looks at: a common word
    // in a large catalogue brings thousands of hits, of which a page shows three.
    return results.map((r) => new LazyHit(String(r.id), r.score, r.terms, r.queryTerms, tokens));
  }
}

class LazyHit implements TextHit {
  private detail: { coverage: number; matched: string[] } | null = null;

  constructor(
    readonly id: string,
    readonly score: number,
    private readonly docTerms: readonly string[],
    private readonly queryTerms: readonly string[],
    private readonly tokens: readonly string[],
  ) {}

  get coverage(): number {
    return this.measure().coverage;
  }

  get matched(): string[] {
    return this.measure().matched;
  }

  private measure(): { coverage: number; matched: string[] } {
    if (this.detail) return this.detail;
    let covered = 0;
    const matched: string[] = [];
    for (const token of this.tokens) {
      let quality = 0;
      if (this.docTerms.includes(token)) quality = 1;
      else if (this.docTerms.some((d) => d.startsWith(token))) quality = 0.8;
      else if (this.queryTerms.includes(token)) quality = 0.5;
      if (quality > 0) matched.push(token);
      covered += quality;
    }
    this.detail = { coverage: covered / this.tokens.length, matched };
    return this.detail;
  }
}
