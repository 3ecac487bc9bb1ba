import type { Lang } from '../language/languages';

/** Text in several languages; German is always present for catalogue content. */
export type LocalizedText = Partial<Record<Lang, string>> & { de: string };

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

/** `inactive` hides an offer from newcomers without deleting it (paused, or waiting for review). */
export const OFFER_STATUSES = ['active', 'inactive'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface Offer {
  id: string;
  status: OfferStatus;
  categories: CategoryId[];
  providerId: string;
  townId: string;
  title: LocalizedText;
  summary: LocalizedText;
  address: string;
  schedule: string;
  cost: string;
  free: boolean;
  levels: Level[];
  childcare: boolean;
  womenOnly: boolean;
  evening: boolean;
  mode: OfferMode;
  instructionLanguages: string[];
  targetGroup: string;
  contact: string;
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
