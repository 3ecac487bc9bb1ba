import { z } from 'zod';
import { AUDIENCES, CATEGORY_IDS, LEVELS, OFFER_STATUSES } from './types';
import { LANGUAGES } from '../language/languages';

/**
 * Validation of catalogue records wherever they enter: seed files now, REST and imports later.
 * The inferred types are checked against the domain types in catalogueSchemas.test.ts.
 */
const text = z.string().trim();
const localized = z
  .object(Object.fromEntries(LANGUAGES.map((l) => [l, text.optional()])) as Record<(typeof LANGUAGES)[number], z.ZodOptional<typeof text>>)
  .refine((v) => !!v.de, { message: 'German text (de) is required' });
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id: lowercase letters, digits and dashes');

export const townSchema = z.object({
  id,
  name: text.min(1),
  postcode: z.string().regex(/^\d{5}$/),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  kind: text,
});

export const categorySchema = z.object({
  id: z.enum(CATEGORY_IDS),
  name: localized,
  description: localized,
});

export const providerSchema = z.object({
  id,
  name: text.min(1),
  type: text,
  townId: id,
  address: text,
  phone: text.nullable(),
  email: text.nullable(),
  website: text.nullable(),
  description: localized,
  counselling: z.boolean(),
  source: text,
});

export const offerSchema = z.object({
  id,
  status: z.enum(OFFER_STATUSES).default('active'),
  categories: z.array(z.enum(CATEGORY_IDS)).min(1),
  providerId: id,
  townId: id,
  title: localized,
  summary: localized,
  address: text,
  schedule: text,
  cost: text,
  free: z.boolean(),
  levels: z.array(z.enum(LEVELS)),
  childcare: z.boolean(),
  womenOnly: z.boolean(),
  evening: z.boolean(),
  mode: z.enum(['onsite', 'online', 'phone']),
  instructionLanguages: z.array(z.string().regex(/^[a-z]{2,3}$/)),
  audiences: z.array(z.enum(AUDIENCES)).default([]),
  targetGroup: text,
  contact: text,
  url: z.string().url().nullable(),
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sample: z.boolean(),
  source: text,
});

export const answerSchema = z.object({
  id,
  category: z.enum(CATEGORY_IDS),
  questions: z.object(Object.fromEntries(LANGUAGES.map((l) => [l, z.array(text.min(1)).optional()])) as Record<
    (typeof LANGUAGES)[number],
    z.ZodOptional<z.ZodArray<z.ZodString>>
  >),
  answer: localized,
  followUps: z.array(id),
  source: text,
});
