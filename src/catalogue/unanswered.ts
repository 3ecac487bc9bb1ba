import type { Database, Queryable } from '../db/database';
import { AppError } from '../errors';
import { toTokens } from '../text/normalize';
import type { CatalogueService } from './catalogueService';
import type { AnswerRecord } from './records';
import { isLang, type Lang } from '../language/languages';
import { scrub } from '../text/scrub';

export { scrub };

/**
 * Why a question is here: the bot found nothing, or the newcomer said the reply did not help
 * (then the answer it gave is kept, so the coordinator sees which answer missed).
 */
export type MissReason = 'nothing' | 'notHelpful';
export interface Miss {
  reason: MissReason;
  /** The catalogue answer the bot gave, when it gave one. */
  answerId?: string | null;
}

export interface UnansweredGroup {
  ids: number[];
  texts: string[];
  lang: Lang;
  count: number;
  lastHour: string;
  /** How many of the group's questions missed for each reason. */
  reasons: Record<MissReason, number>;
  /** The answers given to questions of the group that did not help, most often first. */
  givenAnswers: string[];
  suggestions: { answerId: string; question: string }[];
}

interface Row {
  id: number;
  text: string;
  lang: string;
  hour: string;
  reason: MissReason;
  answer_id: string | null;
}

/**
 * Questions that found nothing, kept (scrubbed) so coordinators can add them to the answer
 * catalogue. The only message text the product keeps outside a conversation, deleted after the
 * retention period.
 */
/** What grouping and suggestions need of the search: its stopwords and its answer matching. */
export interface AnswerSuggester {
  readonly stopwords: ReadonlySet<string>;
  /** The catalogue answers closest to a question, best first. */
  suggest(text: string): { answerId: string; question: string }[];
}

export class UnansweredQuestions {
  constructor(
    private readonly db: Database,
    private readonly suggester: AnswerSuggester,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores the hour, not the moment, and no conversation or user. */
  async record(text: string, lang: Lang, miss: Miss = { reason: 'nothing' }): Promise<void> {
    const clean = scrub(text);
    if (clean.length < 3) return;
    const at = this.now();
    await this.db.run('INSERT INTO unanswered_questions (text, lang, hour, created_at, reason, answer_id) VALUES (?, ?, ?, ?, ?, ?)', [
      clean,
      lang,
      new Date(at).toISOString().slice(0, 13),
      at,
      miss.reason,
      miss.answerId ?? null,
    ]);
  }

  /** Similar questions (same language, overlapping words) as one group, most asked first. */
  async groups(): Promise<UnansweredGroup[]> {
    const rows = await this.db.all<Row>('SELECT id, text, lang, hour, reason, answer_id FROM unanswered_questions ORDER BY id DESC LIMIT 5000');
    const stop = this.suggester.stopwords;
    const tokens = (t: string) => new Set(toTokens(t.replace(/\[[^\]]*\]/g, ' ')).filter((w) => !stop.has(w) && w.length > 1));
    const clusters: { lang: string; words: Set<string>; rows: Row[] }[] = [];
    for (const row of rows) {
      const words = tokens(row.text);
      const home = clusters.find((c) => c.lang === row.lang && similarity(c.words, words) >= 0.5);
      if (home) home.rows.push(row);
      else clusters.push({ lang: row.lang, words, rows: [row] });
    }
    return clusters
      .sort((a, b) => b.rows.length - a.rows.length)
      .map((c) => {
        const first = c.rows[0]!;
        const suggestions = this.suggester.suggest(first.text).slice(0, 3);
        const given = new Map<string, number>();
        for (const r of c.rows) if (r.answer_id) given.set(r.answer_id, (given.get(r.answer_id) ?? 0) + 1);
        return {
          ids: c.rows.map((r) => r.id),
          texts: [...new Set(c.rows.map((r) => r.text))],
          lang: isLang(c.lang) ? c.lang : 'de',
          count: c.rows.length,
          lastHour: c.rows.map((r) => r.hour).sort().at(-1)!,
          reasons: {
            nothing: c.rows.filter((r) => r.reason === 'nothing').length,
            notHelpful: c.rows.filter((r) => r.reason === 'notHelpful').length,
          },
          givenAnswers: [...given].sort((a, b) => b[1] - a[1]).map(([id]) => id),
          suggestions,
        };
      });
  }

  /** Adds the questions as alternate phrasings of an answer (in their language) and clears them. */
  async assign(ids: number[], answerId: string, catalogue: CatalogueService, actor: number): Promise<AnswerRecord> {
    const rows = await this.rows(ids);
    const answer = (await catalogue.get('answers', answerId)) as AnswerRecord;
    const questions = { ...answer.questions };
    for (const row of rows) {
      const lang = isLang(row.lang) ? row.lang : 'de';
      const list = questions[lang] ?? [];
      if (!list.some((q) => q.toLowerCase() === row.text.toLowerCase())) questions[lang] = [...list, row.text];
    }
    const updated = (await catalogue.update('answers', answerId, { ...answer, questions }, actor)) as AnswerRecord;
    await this.dismiss(ids);
    return updated;
  }

  async dismiss(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.run(`DELETE FROM unanswered_questions WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  }

  private async rows(ids: number[]): Promise<Row[]> {
    if (!ids.length) throw new AppError('validationFailed', 'ids: mindestens eine Frage auswählen');
    const rows = await this.db.all<Row>(`SELECT id, text, lang, hour, reason, answer_id FROM unanswered_questions WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    if (rows.length !== new Set(ids).size) throw new AppError('notFound', 'Einige dieser Fragen gibt es nicht mehr.');
    return rows;
  }
}

/** Overlap coefficient: a short question inside a longer one counts as the same question. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return a.size === b.size ? 1 : 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Scrubbed questions kept since before `before` (ms) are deleted: retention. */
export async function expireUnanswered(db: Queryable, before: number): Promise<number> {
  return (await db.run('DELETE FROM unanswered_questions WHERE created_at < ?', [before])).changes;
}
