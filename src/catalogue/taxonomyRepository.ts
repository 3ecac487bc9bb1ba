import type { Queryable } from '../db/database';
import { asLocalized, groupTranslations } from './localized';
import { isCategoryId, type Category, type Town } from './types';

/** Towns and categories: fixed ids shared by catalogue, search and reports. */
export class TaxonomyRepository {
  constructor(private readonly db: Queryable) {}

  async listTowns(): Promise<Town[]> {
    return this.db.all<Town>('SELECT id, name, postcode, lat, lon, kind FROM towns ORDER BY name');
  }

  async listCategories(): Promise<Category[]> {
    const ids = await this.db.all<{ id: string }>('SELECT id FROM categories ORDER BY position');
    const rows = await this.db.all<{ key: string; lang: string; name: string; description: string }>(
      'SELECT category_id AS key, lang, name, description FROM category_translations',
    );
    const names = groupTranslations(rows.map((r) => ({ key: r.key, lang: r.lang, text: r.name })));
    const descriptions = groupTranslations(rows.map((r) => ({ key: r.key, lang: r.lang, text: r.description })));
    return ids
      .filter((r) => isCategoryId(r.id))
      .map((r) => ({
        id: r.id as Category['id'],
        name: asLocalized(names.get(r.id)),
        description: asLocalized(descriptions.get(r.id)),
      }));
  }

  async upsertTown(town: Town): Promise<void> {
    await this.db.run(
      `INSERT INTO towns (id, name, postcode, lat, lon, kind) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, postcode = excluded.postcode,
         lat = excluded.lat, lon = excluded.lon, kind = excluded.kind`,
      [town.id, town.name, town.postcode, town.lat, town.lon, town.kind],
    );
  }

  async upsertCategory(category: Category, position: number): Promise<void> {
    await this.db.run(
      'INSERT INTO categories (id, position) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET position = excluded.position',
      [category.id, position],
    );
    for (const [lang, name] of Object.entries(category.name)) {
      await this.db.run(
        `INSERT INTO category_translations (category_id, lang, name, description) VALUES (?, ?, ?, ?)
         ON CONFLICT(category_id, lang) DO UPDATE SET name = excluded.name, description = excluded.description`,
        [category.id, lang, name, category.description[lang as keyof typeof category.description] ?? ''],
      );
    }
  }
}
