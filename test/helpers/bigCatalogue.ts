import { LANGUAGES } from '../../src/language/languages';
import { FIELDS, toCsv } from '../../src/catalogue/tabular';

/** A spreadsheet of `n` plausible offers (seed-like ids, towns, topics, six languages). */
export function bigOffersCsv(n: number, prefix = 'gen'): Buffer {
  const towns = ['freiberg', 'doebeln', 'mittweida', 'rosswein', 'frankenberg', 'brand-erbisdorf', 'hainichen', 'leisnig'];
  const topics = ['german-course', 'integration-course', 'adult-education', 'counselling', 'childcare', 'work'];
  const rows = Array.from({ length: n }, (_, i) => {
    const row: Record<string, string> = Object.fromEntries(FIELDS.offers.map((f) => [f.column, '']));
    row.id = `${prefix}-${String(i).padStart(6, '0')}`;
    row.status = 'active';
    row.categories = topics[i % topics.length]!;
    row.town = towns[i % towns.length]!;
    row.providerId = 'p-vhs-dl';
    for (const lang of LANGUAGES) {
      row[`title_${lang}`] = `Kurs ${i} ${lang} Abend Deutsch Gruppe ${i % 97}`;
      row[`summary_${lang}`] = `Beschreibung ${i} für ${lang}: zweimal pro Woche, mit Pause und Kinderbetreuung nach Absprache.`;
    }
    row.free = i % 2 ? 'ja' : 'nein';
    row.levels = 'A1|A2';
    row.evening = i % 3 ? 'nein' : 'ja';
    row.validUntil = '2030-12-31';
    row.sample = 'ja';
    return row;
  });
  return toCsv('offers', rows);
}
