import type { CategoryId, Level } from '../src/catalogue/types';
import type { Lang } from '../src/language/languages';
import type { Facet } from '../src/search/lexicon';
import type { TranscriptLine } from '../src/handoff/types';

/** Offers shown per reply; small enough for a phone screen. */
export const PAGE_SIZE = 3;

/** The last search that produced offers, so "more results" and "only free ones" can build on it. */
export interface LastQuery {
  text: string;
  townId: string | null;
  categories?: CategoryId[];
  levels?: Level[];
  require?: Facet[];
  /** An age named in a follow-up ("for my daughter, she is 3"). */
  age?: number;
  offset: number;
}

/** What the bot remembers about one conversation between turns (stored in ConversationState). */
export interface ConversationMemory {
  lastQuery?: LastQuery;
  /**
   * The last question typed and the catalogue answer it got: when the newcomer says it did not
   * help, coordinators see both in the unanswered-question review.
   */
  lastAsked?: { text: string; answerId: string | null };
  /** The topic of the last question that found something; a handoff need not ask it again. */
  lastTopic?: CategoryId;
  /** Language of the last reply: the fallback when a message is too short to tell. */
  lastLang?: Lang;
  /** Answers in a row that found nothing; two in a row lead to offering a person. */
  misses: number;
  /** The last lines of the chat, for the advisor if the newcomer agrees to share them. */
  recent?: TranscriptLine[];
}

/** Enough context for an advisor, little enough to be a small privacy cost. */
export const RECENT_LINES = 20;
const RECENT_LINE_LENGTH = 500;

export function remember(memory: ConversationMemory, line: TranscriptLine): void {
  const text = line.text.trim().slice(0, RECENT_LINE_LENGTH);
  if (!text) return;
  memory.recent = [...(memory.recent ?? []), { ...line, text }].slice(-RECENT_LINES);
}

/** What the bot remembers about a newcomer across conversations (UserState). */
export interface UserProfile {
  /** The language the newcomer explicitly chose. */
  lang?: Lang;
}

export const MEMORY_PROPERTY = 'memory';
export const PROFILE_PROPERTY = 'profile';

/** The request that repeats a remembered search, with some of it changed (page, filters). */
export function repeatQuery(last: LastQuery, lang: Lang, supported: readonly Lang[], changes: { offset?: number; require?: Facet[]; townId?: string; age?: number }) {
  return {
    text: last.text,
    lang,
    townId: changes.townId ?? last.townId ?? undefined,
    categories: last.categories,
    levels: last.levels,
    require: changes.require ?? last.require,
    age: changes.age ?? last.age,
    offset: changes.offset ?? 0,
    limit: PAGE_SIZE,
    supported,
  };
}
