import type { Lang } from '../language/languages';
import type { Schedule } from './schedule';
import type { Cost } from './cost';

/** Text in several languages; German is always present for catalogue content. */
export type LocalizedText = Partial<Record<Lang, string>> & { de: string };

/** An optional note in several languages: empty when there is nothing to say. */
export type TextMap = Partial<Record<Lang, string>>;

export const CATEGORY_IDS = [
  'integration-course',
  'job-language-course',
  'german-course',
  'language-meetup',
  'literacy',
  'school',
  'vocational-training',
  'university',
  'recognition',
  'counselling',
  'childcare',
  'work',
  'adult-education',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}

export const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type Level = (typeof LEVELS)[number];

export type OfferMode = 'onsite' | 'online' | 'phone';

export interface Town {
  id: string;
  name: string;
  postcode: string;
  lat: number;
  lon: number;
  kind: string;
}

export interface Category {
  id: CategoryId;
  name: LocalizedText;
  description: LocalizedText;
}

export interface Provider {
  id: string;
  name: string;
  type: string;
  townId: string;
  address: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  description: LocalizedText;
  counselling: boolean;
  source: string;
}

/**
 * Who an offer is for, from a short fixed list: shown in the newcomer's language, filtered on,
 * and matched against an age the question names ("Kita für meine Tochter, sie ist 3").
 */
export const AUDIENCES = [
  'young-children',
  'primary-pupils',
  'pupils',
  'youth',
  'adults',
  'parents',
  'women',
  'asylum-seekers',
  'refugees',
  'ukrainians',
  'eu-citizens',
  'non-literate',
  'jobseekers',
  'employed',
  'academics',
] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The ages an audience covers (years; of the child for children's offers). Young people are 12
 * to 27 at the youth migration service, adults 27 and older at the adults' counselling (MBE).
 */
export const AUDIENCE_AGES: Partial<Record<Audience, { min: number; max: number }>> = {
  'young-children': { min: 0, max: 6 },
  'primary-pupils': { min: 6, max: 10 },
  pupils: { min: 6, max: 18 },
  youth: { min: 12, max: 26 },
  adults: { min: 27, max: 120 },
};

/** One of the offer's audiences is bound to ages that include this one. */
export function isForAge(audiences: readonly Audience[], age: number): boolean {
  return audiences.some((a) => {
    const range = AUDIENCE_AGES[a];
    return !!range && age >= range.min && age <= range.max;
  });
}

/** An offer of no age-bound audience suits every age; otherwise one of its audiences must. */
export function suitsAge(audiences: readonly Audience[], age: number): boolean {
  return !audiences.some((a) => AUDIENCE_AGES[a]) || isForAge(audiences, age);
}

/** `inactive` hides an offer from newcomers without deleting it (paused, or waiting for review). */
export const OFFER_STATUSES = ['active', 'inactive'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** An offer's texts in several languages: what a translation of the offer has to cover. */
export const OFFER_TEXTS = ['title', 'summary', 'scheduleNote', 'costNote', 'targetGroup', 'contact'] as const;
export type OfferText = (typeof OFFER_TEXTS)[number];

export interface Offer {
  id: string;
  status: OfferStatus;
  categories: CategoryId[];
  providerId: string;
  townId: string;
  title: LocalizedText;
  summary: LocalizedText;
  address: string;
  /** When, as data; what the data cannot say is the note, per language. */
  schedule: Schedule;
  scheduleNote: TextMap;
  cost: Cost;
  costNote: TextMap;
  /** Whether it is free, as the coordinator ticked it: what the "only free" wish filters on. */
  free: boolean;
  levels: Level[];
  childcare: boolean;
  womenOnly: boolean;
  evening: boolean;
  mode: OfferMode;
  instructionLanguages: string[];
  audiences: Audience[];
  /** Who it is for, beyond the audiences, in words. */
  targetGroup: TextMap;
  contact: TextMap;
  url: string | null;
  /** ISO date (YYYY-MM-DD); after it the offer is hidden from newcomers. */
  validUntil: string | null;
  /** Illustrative details ("Beispieldaten"), not verified with the provider. */
  sample: boolean;
  source: string;
}

export interface Answer {
  id: string;
  category: CategoryId;
  /** Alternate phrasings per language, matched against the newcomer's question. */
  questions: Partial<Record<Lang, string[]>>;
  answer: LocalizedText;
  followUps: string[];
  source: string;
}
