import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { AnswerRepository } from './answerRepository';
import { OfferRepository } from './offerRepository';
import { ProviderRepository } from './providerRepository';
import { costFromText, scheduleFromText } from './offerTexts';
import { answerSchema, categorySchema, offerSchema, providerSchema, townSchema } from './schemas';
import { TaxonomyRepository } from './taxonomyRepository';
import { OFFER_TEXTS, type Answer, type Category, type Offer, type OfferText, type Provider, type Town } from './types';
import { LANGUAGES, type Lang } from '../language/languages';

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

const text = z.string().trim().min(1);
const translationFile = z.object({
  lang: z.enum(LANGUAGES),
  categories: z.record(z.string(), z.object({ name: text, description: text })).default({}),
  offers: z
    .record(
      z.string(),
      z
        .object(Object.fromEntries(OFFER_TEXTS.map((field) => [field, text])) as Record<OfferText, typeof text>)
        .partial()
        .refine((o) => Object.keys(o).length > 0, 'no text'),
    )
    .default({}),
  answers: z.record(z.string(), z.object({ answer: text, questions: z.array(text).min(1) })).default({}),
  providers: z.record(z.string(), z.object({ description: text })).default({}),
});
type TranslationFile = z.infer<typeof translationFile>;

function readTranslations(dir: string): TranslationFile[] {
  const folder = path.join(dir, 'translations');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const full = path.join(folder, f);
      const parsed = translationFile.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AppError('configInvalid', `Translation file ${full}: ${first?.path.join('.')}: ${first?.message}`);
      }
      return parsed.data;
    });
}

/**
 * Folds per-language translation files (one per language, so a translator's work can be
 * reviewed on its own) into the catalogue. An id the catalogue does not know is an error:
 * it is almost always a typo that would silently leave an offer untranslated.
 */
function applyTranslations(seed: SeedCatalogue, files: readonly TranslationFile[]): SeedCatalogue {
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const categories = byId(seed.categories);
  const offers = byId(seed.offers);
  const answers = byId(seed.answers);
  const providers = byId(seed.providers);
  for (const file of files) {
    const lang: Lang = file.lang;
    const unknown = (kind: string, id: string) => new AppError('configInvalid', `Translation ${lang}: unknown ${kind} id ${id}`);
    for (const [id, t] of Object.entries(file.categories)) {
      const c = categories.get(id);
      if (!c) throw unknown('category', id);
      c.name[lang] = t.name;
      c.description[lang] = t.description;
    }
    for (const [id, t] of Object.entries(file.offers)) {
      const o = offers.get(id);
      if (!o) throw unknown('offer', id);
      for (const field of OFFER_TEXTS) {
        if (t[field]) o[field][lang] = t[field];
      }
    }
    for (const [id, t] of Object.entries(file.answers)) {
      const a = answers.get(id);
      if (!a) throw unknown('answer', id);
      a.answer[lang] = t.answer;
      a.questions[lang] = t.questions;
    }
    for (const [id, t] of Object.entries(file.providers)) {
      const p = providers.get(id);
      if (!p) throw unknown('provider', id);
      p.description[lang] = t.description;
    }
  }
  return seed;
}

/** The seed writes schedule, cost, target group and contact in German, as coordinators type them. */
function offerFromSeed(o: z.infer<typeof offerSchema>): Offer {
  const when = scheduleFromText(o.schedule);
  const price = costFromText(o.cost);
  return {
    ...(o as Omit<typeof o, 'schedule' | 'cost' | 'targetGroup' | 'contact'> as Omit<Offer, 'schedule' | 'scheduleNote' | 'cost' | 'costNote' | 'targetGroup' | 'contact'>),
    schedule: when.schedule,
    scheduleNote: when.note,
    cost: price.cost,
    costNote: price.note,
    targetGroup: o.targetGroup ? { de: o.targetGroup } : {},
    contact: o.contact ? { de: o.contact } : {},
  };
}

/** Reads and validates the seed catalogue from `data/seed`, with its translations. */
export function readSeedCatalogue(dataDir: string): SeedCatalogue {
  const dir = path.join(dataDir, 'seed');
  const seed: SeedCatalogue = {
    towns: readList(dir, 'towns.json', townSchema),
    categories: readList(dir, 'categories.json', categorySchema) as Category[],
    providers: readList(dir, 'providers.json', providerSchema) as Provider[],
    offers: readList(dir, 'offers.json', offerSchema).map(offerFromSeed),
    answers: readList(dir, 'answers.json', answerSchema) as Answer[],
  };
  return applyTranslations(seed, readTranslations(dir));
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
