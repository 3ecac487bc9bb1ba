import type { Lang } from '../src/catalogue/types';

/** What the bot remembers about one conversation between turns (stored in ConversationState). */
export interface ConversationMemory {
  /** The last question that produced offers, so "more results" can page through them. */
  lastQuery?: { text: string; townId: string | null; offset: number };
  /** Language of the last reply: the fallback when a message is too short to tell. */
  lastLang?: Lang;
  /** Answers in a row that found nothing; two in a row lead to offering a person. */
  misses: number;
}

/** What the bot remembers about a newcomer across conversations (UserState). */
export interface UserProfile {
  /** The language the newcomer explicitly chose. */
  lang?: Lang;
}

export const MEMORY_PROPERTY = 'memory';
export const PROFILE_PROPERTY = 'profile';
