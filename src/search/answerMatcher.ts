import type { Answer } from '../catalogue/types';
import { toTokens } from '../text/normalize';
import { TextIndex } from './textIndex';

export interface AnswerMatch {
  answerId: string;
  /** 0..1: harmonic mean of how much of the question and of the best variant overlap. */
  similarity: number;
  /** The variant that matched best, to offer "Did you mean …?". */
  question: string;
}

/**
 * Matches a question against every alternate phrasing of every answer (QnA Maker style):
 * one document per variant, scored by overlap in both directions so a short question does
 * not match a long variant that merely contains one of its words.
 */
export class AnswerMatcher {
  private readonly index: TextIndex<'text'>;
  private readonly variants = new Map<string, { answerId: string; question: string; length: number }>();
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly stopwords: ReadonlySet<string>) {
    this.index = new TextIndex<'text'>({ fields: ['text'], boost: {}, stopwords });
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
  }

  remove(answerId: string): void {
    this.answers.delete(answerId);
    for (const [id, v] of this.variants) {
      if (v.answerId !== answerId) continue;
      this.variants.delete(id);
      this.index.remove(id);
    }
  }

  /** Best match per answer, best first. */
  match(tokens: readonly string[], limit = 3, preferredCategories: readonly string[] = [], preference = 0.1): AnswerMatch[] {
    const best = new Map<string, AnswerMatch>();
    for (const hit of this.index.search(tokens).slice(0, 30)) {
      const variant = this.variants.get(hit.id);
      if (!variant || variant.length === 0) continue;
      const q = hit.coverage;
      const v = Math.min(1, (hit.coverage * this.index.contentTokens(tokens).length) / variant.length);
      const overlap = q + v === 0 ? 0 : (2 * q * v) / (q + v);
      // A question that names a topic ("kita") prefers that topic's answers over a variant
      // that happens to share its other words ("age", "child").
      const answerCategory = this.answers.get(variant.answerId)?.category ?? '';
      const similarity = Math.min(1, overlap + (preferredCategories.includes(answerCategory) ? preference : 0));
      const previous = best.get(variant.answerId);
      if (!previous || similarity > previous.similarity) {
        best.set(variant.answerId, { answerId: variant.answerId, similarity: Math.round(similarity * 100) / 100, question: variant.question });
      }
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }
}
