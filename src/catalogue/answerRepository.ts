import { syncTranslations } from './translationRows';
import type { Queryable } from '../db/database';
import { asLocalized, groupTranslations } from './localized';
import { isCategoryId, type Answer } from './types';
import { isLang, type Lang } from '../language/languages';

/** The answer catalogue: question variants and answers per language, with follow-ups. */
export class AnswerRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<Answer[]> {
    const rows = await this.db.all<{ id: string; category_id: string; source: string }>(
      'SELECT id, category_id, source FROM answers ORDER BY id',
    );
    const texts = groupTranslations(
      await this.db.all<{ key: string; lang: string; text: string }>('SELECT answer_id AS key, lang, text FROM answer_translations'),
    );
    const questionRows = await this.db.all<{ answer_id: string; lang: string; question: string }>(
      'SELECT answer_id, lang, question FROM answer_questions ORDER BY answer_id, lang, position',
    );
    const followRows = await this.db.all<{ answer_id: string; followup_id: string }>(
      'SELECT answer_id, followup_id FROM answer_followups ORDER BY answer_id, position',
    );
    const questions = new Map<string, Partial<Record<Lang, string[]>>>();
    for (const q of questionRows) {
      if (!isLang(q.lang)) continue;
      const entry = questions.get(q.answer_id) ?? {};
      (entry[q.lang] ??= []).push(q.question);
      questions.set(q.answer_id, entry);
    }
    const followUps = new Map<string, string[]>();
    for (const f of followRows) followUps.set(f.answer_id, [...(followUps.get(f.answer_id) ?? []), f.followup_id]);
    return rows
      .filter((r) => isCategoryId(r.category_id))
      .map((r) => ({
        id: r.id,
        category: r.category_id as Answer['category'],
        questions: questions.get(r.id) ?? {},
        answer: asLocalized(texts.get(r.id)),
        followUps: followUps.get(r.id) ?? [],
        source: r.source,
      }));
  }

  /** Writes answer rows; follow-ups go in a second pass so they may point at answers written later. */
  async upsert(a: Answer, now: string = new Date().toISOString()): Promise<void> {
    await this.db.run(
      `INSERT INTO answers (id, category_id, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET category_id = excluded.category_id, source = excluded.source, updated_at = excluded.updated_at`,
      [a.id, a.category, a.source, now, now],
    );
    const texts: Record<string, Record<string, string>> = {};
    for (const [lang, text] of Object.entries(a.answer)) if (text) texts[lang] = { text };
    await syncTranslations(this.db, 'answer_translations', 'answer_id', a.id, texts, now);
    await this.db.run('DELETE FROM answer_questions WHERE answer_id = ?', [a.id]);
    for (const [lang, list] of Object.entries(a.questions)) {
      for (const [position, question] of (list ?? []).entries()) {
        await this.db.run('INSERT INTO answer_questions (answer_id, lang, position, question) VALUES (?, ?, ?, ?)', [
          a.id,
          lang,
          position,
          question,
        ]);
      }
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM answers WHERE id = ?', [id])).changes === 1;
  }

  async setFollowUps(answerId: string, followUps: readonly string[]): Promise<void> {
    await this.db.run('DELETE FROM answer_followups WHERE answer_id = ?', [answerId]);
    for (const [position, id] of followUps.entries()) {
      await this.db.run('INSERT INTO answer_followups (answer_id, position, followup_id) VALUES (?, ?, ?)', [answerId, position, id]);
    }
  }
}
