/**
 * Larger catalogues for `npm run bench`, grown from the seed the way real ones grow: the same
 * course run by its provider in other towns and terms, with the town in its title, other levels
 * and times, some finished or paused. Every offer keeps six languages, as the seed has.
 */
import { scheduleFromText } from '../src/catalogue/offerTexts';
import { LEVELS, type Level, type Offer } from '../src/catalogue/types';
import { type Lang } from '../src/language/languages';
import type { SeedCatalogue } from '../src/catalogue/seed';
import { SqliteDatabase } from '../src/db/sqliteDatabase';
import { migrate } from '../src/db/migrations';
import { loadSeedIfEmpty } from '../src/catalogue/seed';
import { OfferRepository } from '../src/catalogue/offerRepository';
import { upgradeCatalogue } from '../src/catalogue/upgrade';

const SCHEDULES = [
  { schedule: 'Mo, Mi 9–12 Uhr', evening: false },
  { schedule: 'Di, Do 17:30–20:00 Uhr', evening: true },
  { schedule: 'Mo–Fr 8:30–12:45 Uhr', evening: false },
  { schedule: 'Sa 10–13 Uhr', evening: false },
  { schedule: 'Mi 18–20 Uhr', evening: true },
];
const TERM = ['Frühjahr', 'Sommer', 'Herbst', 'Winter'];

export function growCatalogue(seed: SeedCatalogue, size: number): Offer[] {
  const towns = seed.towns;
  const offers: Offer[] = [];
  for (let i = 0; offers.length < size; i++) {
    const base = seed.offers[i % seed.offers.length]!;
    if (i < seed.offers.length) {
      offers.push(base);
      continue;
    }
    const town = towns[(i * 7 + Math.floor(i / seed.offers.length)) % towns.length]!;
    const slot = SCHEDULES[i % SCHEDULES.length]!;
    const term = TERM[Math.floor(i / seed.offers.length) % TERM.length]!;
    const levels: Level[] = base.levels.length ? [LEVELS[i % 4]!] : [];
    const retitle = (text: Partial<Record<Lang, string>>) =>
      Object.fromEntries(Object.entries(text).map(([lang, t]) => [lang, `${t} – ${town.name}${levels.length ? ` ${levels[0]}` : ''}`]));
    offers.push({
      ...base,
      id: `${base.id}-g${i}`,
      townId: town.id,
      title: retitle(base.title) as Offer['title'],
      ...(({ schedule, note }) => ({ schedule, scheduleNote: note }))(scheduleFromText(`${slot.schedule}, ${term} ${2026 + (i % 2)}`)),
      evening: slot.evening,
      levels,
      status: i % 37 === 0 ? 'inactive' : base.status,
      validUntil: i % 23 === 0 ? '2025-12-31' : base.validUntil,
    });
  }
  return offers;
}

/** A database file holding the seed plus `offers`, as an import would leave it. */
export async function writeCatalogueDatabase(file: string, seed: SeedCatalogue, offers: readonly Offer[]): Promise<void> {
  const db = await SqliteDatabase.open(file);
  try {
    await migrate(db);
    await upgradeCatalogue(db);
    await loadSeedIfEmpty(db, seed);
    await db.transaction((tx) => new OfferRepository(tx).upsertMany(offers));
  } finally {
    await db.close();
  }
}
