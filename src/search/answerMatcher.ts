import type { Answer, CategoryId } from '../catalogue/types';
import { toTokens } from '../text/normalize';
import { TextIndex, type TextIndexSnapshot } from './textIndex';
import { arabicStem } from '../text/arabicStem';

export interface AnswerMatch {
  answerId: string;
  /** 0..1: harmonic mean of how much of the question and of the best variant overlap. */
  similarity: number;
  /**
   * 0..1: how well the whole answer (its variants and its text, in every language) fits the
   * question, relative to the answer that fits best.
   */
  relevance: number;
  category: CategoryId;
  /** What answers are ranked by: similarity + relevance + the topic preference (0..2.4). */
  score: number;
  /** The question's words found in the answer (its variants or its text); Arabic script as stems. */
  matched: string[];
  /** The variant that matched best (or the answer's first), to offer "Did you mean …?". */
  question: string;
}

type Variant = { answerId: string; question: string; length: number };

/** What `AnswerMatcher.snapshot` gives and `restore` takes back, with the answers themselves. */
export interface AnswerIndexSnapshot {
  variants: [string, Variant][];
  index: TextIndexSnapshot;
  documents: TextIndexSnapshot;
}

export class AnswerMatcher {
  private index: TextIndex<'text'>;
  private documents: TextIndex<'questions' | 'text'>;
  private readonly variants = new Map<string, Variant>();
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly stopwords: ReadonlySet<string>) {
    this.index = this.variantIndex();
    this.documents = this.documentIndex();
  }

  /** Answers are written in one Arabic dialect and asked in another: their words meet as stems. */
  private variantIndex(): TextIndex<'text'> {
    return new TextIndex<'text'>({ fields: ['text'], boost: {}, stopwords: this.stopwords, stem: arabicStem, explainsManyHits: true });
  }

  /** Variants are written to be matched; the answer text also explains neighbouring matters. */
  private documentIndex(): TextIndex<'questions' | 'text'> {
    return new TextIndex<'questions' | 'text'>({ fields: ['questions', 'text'], boost: { questions: 2 }, stopwords: this.stopwords, typosInKnownWords: true, stem: arabicStem, explainsManyHits: true });
  }

  /** Both indexes as data, for `restore` in a later process: tokenising every variant in six languages was a tenth of a start. */
  snapshot(): AnswerIndexSnapshot {
    return { variants: [...this.variants], index: this.index.snapshot(), documents: this.documents.snapshot() };
  }

  /**
   * Takes answers with a saved index of exactly them instead of indexing them; false, and
   * nothing taken, when this matcher holds answers already or the index cannot be read.
   */
  restore(answers: readonly Answer[], saved: AnswerIndexSnapshot | undefined): boolean {
    if (this.answers.size > 0 || !saved || !Array.isArray(saved.variants)) return false;
    const index = this.variantIndex();
    const documents = this.documentIndex();
    if (!index.restore(saved.index) || !documents.restore(saved.documents)) return false;
    this.index = index;
    this.documents = documents;
    for (const [id, variant] of saved.variants) this.variants.set(id, variant);
    for (const answer of answers) this.answers.set(answer.id, answer);
    return true;
  }

  get size(): number {
    return this.answers.size;
  }

  all(): Answer[] {
    return [...this.answers.values()];
  }

  getAnswer(id: string): Answer | undefined {
    return this.answers.get(id);
  }

  upsert(answer: Answer): void {
    this.remove(answer.id);
    this.answers.set(answer.id, answer);
    for (const [lang, list] of Object.entries(answer.questions)) {
      for (const [i, question] of (list ?? []).entries()) {
        const id = `${answer.id}#${lang}#${i}`;
        const length = toTokens(question).filter((t) => !this.stopwords.has(t)).length;
        this.variants.set(id, { answerId: answer.id, question, length });
        this.index.upsert({ id, text: question });
      }
    }
    this.documents.upsert({
      id: answer.id,
      questions: Object.values(answer.questions).flat().join('\n'),
      text: Object.values(answer.answer).join('\n'),
    });
  }

  remove(answerId: string): void {
    this.answers.delete(answerId);
    for (const [id, v] of this.variants) {
      if (v.answerId !== answerId) continue;
      this.variants.delete(id);
      this.index.remove(id);
    }
    this.documents.remove(answerId);
  }

  /** Best match per answer, best first. */
  match(tokens: readonly string[], limit = 3, preferredCategories: readonly string[] = [], preference = 0.4): AnswerMatch[] {
    const found = new Map<string, { similarity: number; relevance: number; question: string; matched: Set<string> }>();
    const entry = (answerId: string) => {
      let e = found.get(answerId);
      if (!e) {
        const a = this.answers.get(answerId);
        e = { similarity: 0, relevance: 0, question: a?.questions.de?.[0] ?? Object.values(a?.questions ?? {})[0]?.[0] ?? '', matched: new Set<string>() };
        found.set(answerId, e);
      }
      return e;
    };
    const content = this.index.contentTokens(tokens).length;
    for (const hit of this.index.search(tokens, 60)) {
      const variant = this.variants.get(hit.id);
      if (!variant || variant.length === 0) continue;
      const q = hit.coverage;
      const v = Math.min(1, (hit.coverage * content) / variant.length);
      const overlap = q + v === 0 ? 0 : (2 * q * v) / (q + v);
      const e = entry(variant.answerId);
      for (const word of hit.matched) e.matched.add(word);
      if (overlap > e.similarity) {
        e.similarity = overlap;
        e.question = variant.question;
      }
    }
    const documents = this.documents.search(tokens, 30);
    const top = documents[0]?.score ?? 0;
    for (const hit of documents) {
      const e = entry(hit.id);
      e.relevance = top > 0 ? hit.score / top : 0;
      for (const word of hit.matched) e.matched.add(word);
    }

    const round = (n: number) => Math.round(n * 100) / 100;
    const matches: AnswerMatch[] = [];
    for (const [answerId, e] of found) {
      if (!this.answers.has(answerId)) continue;
      // A question that names a topic ("kita") prefers that topic's answers over one that
      // happens to share its other words ("age", "child").
      const category = this.answers.get(answerId)!.category;
      matches.push({
        answerId,
        category,
        similarity: round(e.similarity),
        relevance: round(e.relevance),
        score: round(e.similarity + e.relevance + (preferredCategories.includes(category) ? preference : 0)),
        matched: [...e.matched],
        question: e.question,
      });
    }
    return matches.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
