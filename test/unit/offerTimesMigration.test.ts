import assert from 'node:assert/strict';
import path from 'node:path';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate, migrations } from '../../src/db/migrations';
import { OfferRepository } from '../../src/catalogue/offerRepository';
import { upgradeCatalogue } from '../../src/catalogue/upgrade';
import { emptySchedule } from '../../src/catalogue/schedule';
import { tempDir } from '../helpers/files';

describe('a database from before schedules were data', () => {
  it('keeps every word a coordinator wrote: schedule and cost read into data, the rest as the German note, translations not outdated', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'old.db'));
    try {
      await migrate(db, migrations.filter((m) => m.version <= 11));
      await db.exec(`
        INSERT INTO towns (id, name, postcode, lat, lon, kind) VALUES ('freiberg', 'Freiberg', '09599', 50.9, 13.3, 'Stadt');
        INSERT INTO providers (id, name, town_id, created_at, updated_at) VALUES ('p-vhs', 'VHS', 'freiberg', '2026-01-01', '2026-01-01');
        INSERT INTO offers (id, provider_id, town_id, schedule, cost, target_group, contact, created_at, updated_at)
          VALUES ('o-old', 'p-vhs', 'freiberg', 'Beispiel: Start 11.01.2027, Mo–Fr 08:30–11:45; Kinderbetreuung im Haus', '2.900 € pro Semester',
                  'Frauen ab 16', 'VHS Freiberg – Anmeldung über vhs-mittelsachsen.de', '2026-01-01', '2026-01-01'),
                 ('o-text', 'p-vhs', 'freiberg', 'Vollzeitschule', 'kostenlos bzw. 2,32 €/UE für Beschäftigte', '', '', '2026-01-01', '2026-01-01');
        INSERT INTO offer_translations (offer_id, lang, title, summary, updated_at) VALUES
          ('o-old', 'de', 'Kurs', 'Text', '2026-02-01T00:00:00.000Z'), ('o-old', 'uk', 'Курс', 'Текст', '2026-03-01T00:00:00.000Z');`);
      assert.deepEqual(await migrate(db), migrations.filter((m) => m.version >= 12).map((m) => m.version));
      assert.deepEqual(await upgradeCatalogue(db), { timesRead: 2 });
      assert.deepEqual(await upgradeCatalogue(db), { timesRead: 0 }, 'a second start reads nothing again');

      const offers = new OfferRepository(db);
      const old = (await offers.get('o-old'))!;
      assert.deepEqual(old.schedule, { ...emptySchedule(), example: true, start: '2027-01-11', days: [0, 1, 2, 3, 4], from: '08:30', to: '11:45' });
      assert.deepEqual(old.scheduleNote, { de: 'Kinderbetreuung im Haus' });
      assert.deepEqual(old.cost, { example: false, free: false, amount: 2900, per: 'semester', waiver: false });
      assert.deepEqual(old.costNote, {});
      assert.deepEqual(old.targetGroup, { de: 'Frauen ab 16' });
      assert.deepEqual(old.contact, { de: 'VHS Freiberg – Anmeldung über vhs-mittelsachsen.de' });
      assert.deepEqual(old.title, { de: 'Kurs', uk: 'Курс' });
      // The German row kept its date: the Ukrainian title is not "outdated" because of the move.
      const de = await db.get<{ updated_at: string }>(`SELECT updated_at FROM offer_translations WHERE offer_id = 'o-old' AND lang = 'de'`);
      assert.equal(de?.updated_at, '2026-02-01T00:00:00.000Z');

      // An offer without a German row gets one, and a text the reader cannot place stays whole.
      const text = (await offers.get('o-text'))!;
      assert.deepEqual(text.schedule, emptySchedule());
      assert.deepEqual(text.scheduleNote, { de: 'Vollzeitschule' });
      assert.deepEqual(text.costNote, { de: 'kostenlos bzw. 2,32 €/UE für Beschäftigte' });
    } finally {
      await db.close();
    }
  });
});

describe('a database from before categories had a position', () => {
  it('keeps each offer\'s main topic first (migration 13 numbers them in the order they were stored)', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'order.db'));
    try {
      await migrate(db, migrations.filter((m) => m.version <= 12));
      await db.exec(`
        INSERT INTO towns (id, name, postcode, lat, lon, kind) VALUES ('freiberg', 'Freiberg', '09599', 50.9, 13.3, 'Stadt');
        INSERT INTO providers (id, name, town_id, created_at, updated_at) VALUES ('p', 'P', 'freiberg', '2026-01-01', '2026-01-01');
        INSERT INTO offers (id, provider_id, town_id, created_at, updated_at) VALUES ('a', 'p', 'freiberg', 'x', 'x'), ('b', 'p', 'freiberg', 'x', 'x');
        INSERT INTO offer_translations (offer_id, lang, title, updated_at) VALUES ('a', 'de', 'A', 'x'), ('b', 'de', 'B', 'x');
        INSERT INTO categories (id, position) VALUES ('work', 1), ('childcare', 2), ('counselling', 3), ('german-course', 4), ('adult-education', 5);
        INSERT INTO offer_categories (offer_id, category_id) VALUES ('a', 'work'), ('b', 'childcare'), ('a', 'counselling'), ('b', 'german-course'), ('a', 'adult-education');`);
      await migrate(db);
      const offers = new OfferRepository(db);
      assert.deepEqual((await offers.get('a'))?.categories, ['work', 'counselling', 'adult-education']);
      assert.deepEqual((await offers.get('b'))?.categories, ['childcare', 'german-course']);
    } finally {
      await db.close();
    }
  });
});
