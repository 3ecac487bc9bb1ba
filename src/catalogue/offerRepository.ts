import type { Queryable } from '../db/database';
import { asLocalized, groupTranslations } from './localized';
import { costFromText, scheduleFromText } from './offerTexts';
import { emptyCost, type Cost } from './cost';
import { emptySchedule, type Schedule } from './schedule';
import { isCategoryId, OFFER_TEXTS, type Audience, type CategoryId, type Level, type Offer, type OfferMode, type OfferText, type TextMap } from './types';
import { LANGUAGES } from '../language/languages';

/** The per-language texts of an offer: one row per language, one column per text, snake case. */
const TEXT_COLUMNS = OFFER_TEXTS.map((field) => [field, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
type TextRow = { offer_id: string; lang: string } & Record<string, string>;

interface OfferRow {
  id: string;
  status: 'active' | 'inactive';
  reviewed_at: string | null;
  updated_at: string;
  provider_id: string;
  town_id: string;
  address: string;
  /** JSON; NULL for offers written before schedules were data, until `readLegacyTimes` runs. */
  schedule_data: string | null;
  cost_data: string | null;
  free: number;
  levels: string;
  childcare: number;
  women_only: number;
  evening: number;
  mode: string;
  instruction_languages: string;
  audiences: string;
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
    return this.hydrate(rows, null);
  }

  async get(id: string): Promise<Offer | undefined> {
    return (await this.getMany([id]))[0];
  }

  /** The offers with these ids that exist, in id order: three queries, however many ids. */
  async getMany(ids: readonly string[]): Promise<Offer[]> {
    const unique = [...new Set(ids)];
    const offers: Offer[] = [];
    // Bound parameters per statement are limited (SQLite 32,766, PostgreSQL 65,535).
    for (let start = 0; start < unique.length; start += 10_000) {
      const chunk = unique.slice(start, start + 10_000);
      const rows = await this.db.all<OfferRow>(`SELECT * FROM offers WHERE id IN (${chunk.map(() => '?').join(',')}) ORDER BY id`, chunk);
      offers.push(...(await this.hydrate(rows, chunk)));
    }
    return offers;
  }

  /** Every offer's title in `lang`, German where it has none: what a listing is sorted by. */
  async titles(lang: string): Promise<Map<string, string>> {
    const rows = await this.db.all<{ offer_id: string; lang: string; title: string }>(
      `SELECT offer_id, lang, title FROM offer_translations WHERE lang IN (?, 'de') AND title <> ''`,
      [lang],
    );
    const titles = new Map<string, string>();
    for (const r of rows) if (r.lang === lang || !titles.has(r.offer_id)) titles.set(r.offer_id, r.title);
    return titles;
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
        o.id, o.providerId, o.townId, o.address, JSON.stringify(o.schedule), JSON.stringify(o.cost), o.free ? 1 : 0, JSON.stringify(o.levels), o.childcare ? 1 : 0,
        o.womenOnly ? 1 : 0, o.evening ? 1 : 0, o.mode, JSON.stringify(o.instructionLanguages), o.url,
        o.validUntil, o.sample ? 1 : 0, o.source, now, now, o.status, JSON.stringify(o.audiences),
      ]);
      await this.db.run(
        `INSERT INTO offers (id, provider_id, town_id, address, schedule_data, cost_data, free, levels, childcare, women_only,
           evening, mode, instruction_languages, url, valid_until, sample, source, created_at, updated_at, status, audiences)
         VALUES ${rows.map((r) => `(${r.map(() => '?').join(',')})`).join(',')}
         ON CONFLICT(id) DO UPDATE SET provider_id = excluded.provider_id, town_id = excluded.town_id,
           address = excluded.address, schedule_data = excluded.schedule_data, cost_data = excluded.cost_data, free = excluded.free,
           levels = excluded.levels, childcare = excluded.childcare, women_only = excluded.women_only,
           evening = excluded.evening, mode = excluded.mode, instruction_languages = excluded.instruction_languages,
           url = excluded.url,
           valid_until = excluded.valid_until, sample = excluded.sample, source = excluded.source,
           updated_at = excluded.updated_at, status = excluded.status, audiences = excluded.audiences`,
        rows.flat(),
      );
      const ids = chunk.map((o) => o.id);
      const marks = ids.map(() => '?').join(',');
      await this.db.run(`DELETE FROM offer_categories WHERE offer_id IN (${marks})`, ids);
      // The first category is the offer's main topic: position keeps the order.
      const categories = chunk.flatMap((o) => [...new Set(o.categories)].map((c, position) => [o.id, c, position]));
      if (categories.length) {
        await this.db.run(`INSERT INTO offer_categories (offer_id, category_id, position) VALUES ${categories.map(() => '(?, ?, ?)').join(',')}`, categories.flat());
      }
      // A language has a row when any of its texts exists; German always has one.
      const langsOf = (o: Offer) => LANGUAGES.filter((l) => l === 'de' || TEXT_COLUMNS.some(([field]) => (o[field] as TextMap)[l]));
      const texts = chunk.flatMap((o) => langsOf(o).map((lang) => [o.id, lang, ...TEXT_COLUMNS.map(([field]) => (o[field] as TextMap)[lang] ?? ''), now]));
      const keep = chunk.map((o) => [o.id, ...langsOf(o)]);
      await this.db.run(
        `DELETE FROM offer_translations WHERE ${keep.map((k) => `(offer_id = ? AND lang NOT IN (${k.slice(1).map(() => '?').join(', ')}))`).join(' OR ')}`,
        keep.flat(),
      );
      const columns = TEXT_COLUMNS.map(([, c]) => c);
      await this.db.run(
        `INSERT INTO offer_translations (offer_id, lang, ${columns.join(', ')}, updated_at)
         VALUES ${texts.map(() => `(?, ?, ${columns.map(() => '?').join(', ')}, ?)`).join(',')}
         ON CONFLICT(offer_id, lang) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')},
           updated_at = CASE WHEN ${columns.map((c) => `offer_translations.${c} IS DISTINCT FROM excluded.${c}`).join(' OR ')}
                             THEN excluded.updated_at ELSE offer_translations.updated_at END`,
        texts.flat(),
      );
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM offers WHERE id = ?', [id])).changes === 1;
  }

  /**
   * Offers stored before schedules and costs were data hold them as German notes (migration 12):
   * read those into data once, leaving in the note only what the reader could not place. The
   * German row keeps its updated_at, so no translation turns outdated. Returns how many were read.
   */
  async readLegacyTimes(): Promise<number> {
    // Runs at every start and almost always finds nothing: the offers alone are looked at first.
    // Joined at once, SQLite walked every translation of a Land's catalogue (half a second).
    const legacy = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM offers WHERE schedule_data IS NULL OR cost_data IS NULL');
    if (!legacy?.n) return 0;
    const rows = await this.db.all<{ id: string; schedule_data: string | null; cost_data: string | null; schedule_note: string; cost_note: string }>(
      `SELECT o.id, o.schedule_data, o.cost_data, t.schedule_note, t.cost_note FROM offers o
       JOIN offer_translations t ON t.offer_id = o.id AND t.lang = 'de'
       WHERE o.schedule_data IS NULL OR o.cost_data IS NULL`,
    );
    for (const r of rows) {
      const when = r.schedule_data === null ? scheduleFromText(r.schedule_note) : null;
      const price = r.cost_data === null ? costFromText(r.cost_note) : null;
      await this.db.run('UPDATE offers SET schedule_data = ?, cost_data = ? WHERE id = ?', [
        when ? JSON.stringify(when.schedule) : r.schedule_data,
        price ? JSON.stringify(price.cost) : r.cost_data,
        r.id,
      ]);
      await this.db.run(`UPDATE offer_translations SET schedule_note = ?, cost_note = ? WHERE offer_id = ? AND lang = 'de'`, [
        when ? (when.note.de ?? '') : r.schedule_note,
        price ? (price.note.de ?? '') : r.cost_note,
        r.id,
      ]);
    }
    return rows.length;
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

  /** Rows with their categories and texts; `ids` limits those reads, `null` reads them all. */
  private async hydrate(rows: OfferRow[], ids: readonly string[] | null): Promise<Offer[]> {
    if (rows.length === 0) return [];
    const where = ids ? `WHERE offer_id IN (${ids.map(() => '?').join(',')})` : '';
    const params = ids ?? [];
    const categoryRows = await this.db.all<{ offer_id: string; category_id: string }>(
      `SELECT offer_id, category_id FROM offer_categories ${where} ORDER BY offer_id, position`,
      params,
    );
    const textRows = await this.db.all<TextRow>(`SELECT offer_id, lang, ${TEXT_COLUMNS.map(([, c]) => c).join(', ')} FROM offer_translations ${where}`, params);
    const categories = new Map<string, CategoryId[]>();
    for (const r of categoryRows) {
      if (!isCategoryId(r.category_id)) continue;
      const list = categories.get(r.offer_id) ?? [];
      list.push(r.category_id);
      categories.set(r.offer_id, list);
    }
    const texts = Object.fromEntries(
      TEXT_COLUMNS.map(([field, column]) => [field, groupTranslations(textRows.filter((r) => r[column]).map((r) => ({ key: r.offer_id, lang: r.lang, text: r[column]! })))]),
    ) as Record<OfferText, Map<string, TextMap>>;
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      categories: categories.get(r.id) ?? [],
      providerId: r.provider_id,
      townId: r.town_id,
      title: asLocalized(texts.title.get(r.id)),
      summary: asLocalized(texts.summary.get(r.id)),
      address: r.address,
      schedule: r.schedule_data ? (JSON.parse(r.schedule_data) as Schedule) : emptySchedule(),
      scheduleNote: texts.scheduleNote.get(r.id) ?? {},
      cost: r.cost_data ? (JSON.parse(r.cost_data) as Cost) : emptyCost(),
      costNote: texts.costNote.get(r.id) ?? {},
      free: r.free === 1,
      levels: JSON.parse(r.levels) as Level[],
      childcare: r.childcare === 1,
      womenOnly: r.women_only === 1,
      evening: r.evening === 1,
      mode: r.mode as OfferMode,
      instructionLanguages: JSON.parse(r.instruction_languages) as string[],
      audiences: JSON.parse(r.audiences) as Audience[],
      targetGroup: texts.targetGroup.get(r.id) ?? {},
      contact: texts.contact.get(r.id) ?? {},
      url: r.url,
      validUntil: r.valid_until,
      sample: r.sample === 1,
      source: r.source,
    }));
  }
}
