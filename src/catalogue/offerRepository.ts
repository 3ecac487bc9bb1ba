import type { Queryable } from '../db/database';
import { asLocalized, groupTranslations } from './localized';
import { isCategoryId, type Audience, type CategoryId, type Level, type Offer, type OfferMode } from './types';

interface OfferRow {
  id: string;
  status: 'active' | 'inactive';
  reviewed_at: string | null;
  updated_at: string;
  provider_id: string;
  town_id: string;
  address: string;
  schedule: string;
  cost: string;
  free: number;
  levels: string;
  childcare: number;
  women_only: number;
  evening: number;
  mode: string;
  instruction_languages: string;
  audiences: string;
  target_group: string;
  contact: string;
  url: string | null;
  valid_until: string | null;
  sample: number;
  source: string;
}

/** Offers with their categories and per-language texts, as plain records. */
export class OfferRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<Offer[]> {
    const rows = await this.db.all<OfferRow>('SELECT * FROM offers ORDER BY id');
    return this.hydrate(rows);
  }

  async get(id: string): Promise<Offer | undefined> {
    const rows = await this.db.all<OfferRow>('SELECT * FROM offers WHERE id = ?', [id]);
    return (await this.hydrate(rows))[0];
  }

  async count(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM offers');
    return row?.n ?? 0;
  }

  /** Inserts or replaces one offer; callers wrap several in a transaction. */
  async upsert(offer: Offer, now: string = new Date().toISOString()): Promise<void> {
    await this.upsertMany([offer], now);
  }

  /**
   * Many offers in few statements (an import of thousands): one multi-row INSERT per chunk for
   * offers, categories and texts. A text keeps its `updated_at` unless it changed, as in upsert.
   */
  async upsertMany(offers: readonly Offer[], now: string = new Date().toISOString()): Promise<void> {
    const CHUNK = 200;
    for (let start = 0; start < offers.length; start += CHUNK) {
      const chunk = offers.slice(start, start + CHUNK);
      const rows = chunk.map((o) => [
        o.id, o.providerId, o.townId, o.address, o.schedule, o.cost, o.free ? 1 : 0, JSON.stringify(o.levels), o.childcare ? 1 : 0,
        o.womenOnly ? 1 : 0, o.evening ? 1 : 0, o.mode, JSON.stringify(o.instructionLanguages), o.targetGroup, o.contact, o.url,
        o.validUntil, o.sample ? 1 : 0, o.source, now, now, o.status, JSON.stringify(o.audiences),
      ]);
      await this.db.run(
        `INSERT INTO offers (id, provider_id, town_id, address, schedule, cost, free, levels, childcare, women_only,
           evening, mode, instruction_languages, target_group, contact, url, valid_until, sample, source, created_at, updated_at, status, audiences)
         VALUES ${rows.map((r) => `(${r.map(() => '?').join(',')})`).join(',')}
         ON CONFLICT(id) DO UPDATE SET provider_id = excluded.provider_id, town_id = excluded.town_id,
           address = excluded.address, schedule = excluded.schedule, cost = excluded.cost, free = excluded.free,
           levels = excluded.levels, childcare = excluded.childcare, women_only = excluded.women_only,
           evening = excluded.evening, mode = excluded.mode, instruction_languages = excluded.instruction_languages,
           target_group = excluded.target_group, contact = excluded.contact, url = excluded.url,
           valid_until = excluded.valid_until, sample = excluded.sample, source = excluded.source,
           updated_at = excluded.updated_at, status = excluded.status, audiences = excluded.audiences`,
        rows.flat(),
      );
      const ids = chunk.map((o) => o.id);
      const marks = ids.map(() => '?').join(',');
      await this.db.run(`DELETE FROM offer_categories WHERE offer_id IN (${marks})`, ids);
      const categories = chunk.flatMap((o) => [...new Set(o.categories)].map((c) => [o.id, c]));
      if (categories.length) {
        await this.db.run(`INSERT INTO offer_categories (offer_id, category_id) VALUES ${categories.map(() => '(?, ?)').join(',')}`, categories.flat());
      }
      const texts = chunk.flatMap((o) =>
        Object.entries(o.title)
          .filter(([, title]) => title)
          .map(([lang, title]) => [o.id, lang, title!, o.summary[lang as keyof typeof o.summary] ?? '', now]),
      );
      const keep = chunk.map((o) => [o.id, JSON.stringify(Object.keys(o.title).filter((l) => o.title[l as keyof typeof o.title]))]);
      await this.db.run(
        `DELETE FROM offer_translations WHERE ${keep.map(() => '(offer_id = ? AND lang NOT IN (SELECT value FROM json_each(?)))').join(' OR ')}`,
        keep.flat(),
      );
      if (texts.length) {
        await this.db.run(
          `INSERT INTO offer_translations (offer_id, lang, title, summary, updated_at) VALUES ${texts.map(() => '(?, ?, ?, ?, ?)').join(',')}
           ON CONFLICT(offer_id, lang) DO UPDATE SET title = excluded.title, summary = excluded.summary,
             updated_at = CASE WHEN offer_translations.title IS NOT excluded.title OR offer_translations.summary IS NOT excluded.summary
                               THEN excluded.updated_at ELSE offer_translations.updated_at END`,
          texts.flat(),
        );
      }
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM offers WHERE id = ?', [id])).changes === 1;
  }

  /** "Confirmed up to date": the review date freshness checks count from. */
  async confirm(id: string, now: string = new Date().toISOString()): Promise<boolean> {
    return (await this.db.run('UPDATE offers SET reviewed_at = ? WHERE id = ?', [now, id])).changes === 1;
  }

  /** Review and change dates, for the freshness view. */
  async reviewDates(): Promise<Map<string, { reviewedAt: string | null; updatedAt: string; createdAt: string }>> {
    const rows = await this.db.all<{ id: string; reviewed_at: string | null; updated_at: string; created_at: string }>(
      'SELECT id, reviewed_at, updated_at, created_at FROM offers',
    );
    return new Map(rows.map((r) => [r.id, { reviewedAt: r.reviewed_at, updatedAt: r.updated_at, createdAt: r.created_at }]));
  }

  private async hydrate(rows: OfferRow[]): Promise<Offer[]> {
    if (rows.length === 0) return [];
    const single = rows.length === 1 ? rows[0]!.id : null;
    const where = single ? 'WHERE offer_id = ?' : '';
    const params = single ? [single] : [];
    const categoryRows = await this.db.all<{ offer_id: string; category_id: string }>(
      `SELECT offer_id, category_id FROM offer_categories ${where} ORDER BY rowid`,
      params,
    );
    const textRows = await this.db.all<{ offer_id: string; lang: string; title: string; summary: string }>(
      `SELECT offer_id, lang, title, summary FROM offer_translations ${where}`,
      params,
    );
    const categories = new Map<string, CategoryId[]>();
    for (const r of categoryRows) {
      if (!isCategoryId(r.category_id)) continue;
      const list = categories.get(r.offer_id) ?? [];
      list.push(r.category_id);
      categories.set(r.offer_id, list);
    }
    const titles = groupTranslations(textRows.map((r) => ({ key: r.offer_id, lang: r.lang, text: r.title })));
    const summaries = groupTranslations(textRows.map((r) => ({ key: r.offer_id, lang: r.lang, text: r.summary })));
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      categories: categories.get(r.id) ?? [],
      providerId: r.provider_id,
      townId: r.town_id,
      title: asLocalized(titles.get(r.id)),
      summary: asLocalized(summaries.get(r.id)),
      address: r.address,
      schedule: r.schedule,
      cost: r.cost,
      free: r.free === 1,
      levels: JSON.parse(r.levels) as Level[],
      childcare: r.childcare === 1,
      womenOnly: r.women_only === 1,
      evening: r.evening === 1,
      mode: r.mode as OfferMode,
      instructionLanguages: JSON.parse(r.instruction_languages) as string[],
      audiences: JSON.parse(r.audiences) as Audience[],
      targetGroup: r.target_group,
      contact: r.contact,
      url: r.url,
      validUntil: r.valid_until,
      sample: r.sample === 1,
      source: r.source,
    }));
  }
}
