import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { AnswerRepository } from './answerRepository';
import { OfferRepository } from './offerRepository';
import { ProviderRepository } from './providerRepository';
import { answerSchema, categorySchema, offerSchema, providerSchema, townSchema } from './schemas';
import { TaxonomyRepository } from './taxonomyRepository';
import type { Answer, Category, Offer, Provider, Town } from './types';

export interface SeedCatalogue {
  towns: Town[];
  categories: Category[];
  providers: Provider[];
  offers: Offer[];
  answers: Answer[];
}

function readList<S extends z.ZodTypeAny>(dir: string, file: string, schema: S): z.infer<S>[] {
  const full = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (err) {
    throw new AppError('configInvalid', `Seed file ${full} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(raw)) throw new AppError('configInvalid', `Seed file ${full} must hold a JSON array`);
  return raw.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('configInvalid', `Seed file ${full}, entry ${index}: ${first?.path.join('.')}: ${first?.message}`);
    }
    return parsed.data;
  });
}

/** Reads and validates the seed catalogue from `data/seed`. */
export function readSeedCatalogue(dataDir: string): SeedCatalogue {
  const dir = path.join(dataDir, 'seed');
  return {
    towns: readList(dir, 'towns.json', townSchema),
    categories: readList(dir, 'categories.json', categorySchema) as Category[],
    providers: readList(dir, 'providers.json', providerSchema) as Provider[],
    offers: readList(dir, 'offers.json', offerSchema) as Offer[],
    answers: readList(dir, 'answers.json', answerSchema) as Answer[],
  };
}

/**
 * Loads the seed into the database only when it holds no offers yet, so a coordinator's
 * catalogue is never overwritten by a restart. Towns and categories are the shared taxonomy
 * and are refreshed every time. Returns the number of offers loaded (0 when skipped).
 */
export async function loadSeedIfEmpty(db: Database, seed: SeedCatalogue): Promise<number> {
  return db.transaction(async (tx) => {
    const taxonomy = new TaxonomyRepository(tx);
    for (const town of seed.towns) await taxonomy.upsertTown(town);
    for (const [position, category] of seed.categories.entries()) await taxonomy.upsertCategory(category, position);

    const offers = new OfferRepository(tx);
    if ((await offers.count()) > 0) return 0;
    const providers = new ProviderRepository(tx);
    for (const p of seed.providers) await providers.upsert(p);
    for (const o of seed.offers) await offers.upsert(o);
    const answers = new AnswerRepository(tx);
    for (const a of seed.answers) await answers.upsert(a);
    for (const a of seed.answers) await answers.setFollowUps(a.id, a.followUps);
    return seed.offers.length;
  });
}
