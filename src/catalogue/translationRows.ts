import type { Queryable, SqlValue } from '../db/database';

/**
 * Writes the per-language rows of one record, touching `updated_at` only where the text really
 * changed. That timestamp is how a translation is known to be older than the German it renders.
 */
export async function syncTranslations(
  db: Queryable,
  table: 'offer_translations' | 'provider_translations' | 'answer_translations',
  key: 'offer_id' | 'provider_id' | 'answer_id',
  id: string,
  rows: Record<string, Record<string, string>>,
  now: string,
): Promise<void> {
  const existing = await db.all<Record<string, string>>(`SELECT * FROM ${table} WHERE ${key} = ?`, [id]);
  const byLang = new Map(existing.map((r) => [r.lang!, r]));
  for (const lang of byLang.keys()) {
    if (!rows[lang]) await db.run(`DELETE FROM ${table} WHERE ${key} = ? AND lang = ?`, [id, lang]);
  }
  for (const [lang, values] of Object.entries(rows)) {
    const old = byLang.get(lang);
    const columns = Object.keys(values);
    if (old && columns.every((c) => old[c] === values[c])) continue;
    const params: SqlValue[] = [id, lang, ...columns.map((c) => values[c]!), now];
    await db.run(
      `INSERT INTO ${table} (${key}, lang, ${columns.join(', ')}, updated_at) VALUES (?, ?, ${columns.map(() => '?').join(', ')}, ?)
       ON CONFLICT(${key}, lang) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`,
      params,
    );
  }
}

/** Per record and language: when its text last changed. */
export async function translationTimes(
  db: Queryable,
  table: 'offer_translations' | 'provider_translations' | 'answer_translations',
  key: 'offer_id' | 'provider_id' | 'answer_id',
): Promise<Map<string, Map<string, string>>> {
  const rows = await db.all<{ id: string; lang: string; updated_at: string }>(`SELECT ${key} AS id, lang, updated_at FROM ${table}`);
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const m = out.get(r.id) ?? new Map<string, string>();
    m.set(r.lang, r.updated_at);
    out.set(r.id, m);
  }
  return out;
}
