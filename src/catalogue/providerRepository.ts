import { syncTranslations } from './translationRows';
import type { Queryable } from '../db/database';
import { asLocalized, groupTranslations } from './localized';
import type { Provider } from './types';

interface ProviderRow {
  id: string;
  name: string;
  type: string;
  town_id: string;
  address: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  counselling: number;
  source: string;
}

export class ProviderRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<Provider[]> {
    const rows = await this.db.all<ProviderRow>('SELECT * FROM providers ORDER BY name');
    const texts = groupTranslations(
      await this.db.all<{ key: string; lang: string; text: string }>(
        'SELECT provider_id AS key, lang, description AS text FROM provider_translations',
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      townId: r.town_id,
      address: r.address,
      phone: r.phone,
      email: r.email,
      website: r.website,
      description: asLocalized(texts.get(r.id)),
      counselling: r.counselling === 1,
      source: r.source,
    }));
  }

  async upsert(p: Provider, now: string = new Date().toISOString()): Promise<void> {
    await this.db.run(
      `INSERT INTO providers (id, name, type, town_id, address, phone, email, website, counselling, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type, town_id = excluded.town_id,
         address = excluded.address, phone = excluded.phone, email = excluded.email, website = excluded.website,
         counselling = excluded.counselling, source = excluded.source, updated_at = excluded.updated_at`,
      [p.id, p.name, p.type, p.townId, p.address, p.phone, p.email, p.website, p.counselling ? 1 : 0, p.source, now, now],
    );
    const texts: Record<string, Record<string, string>> = {};
    for (const [lang, description] of Object.entries(p.description)) if (description) texts[lang] = { description };
    await syncTranslations(this.db, 'provider_translations', 'provider_id', p.id, texts, now);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM providers WHERE id = ?', [id])).changes === 1;
  }
}
