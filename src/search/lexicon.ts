import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { CATEGORY_IDS, LANGUAGES, type CategoryId, type Lang } from '../catalogue/types';
import { toTokens } from '../text/normalize';

export const FACETS = ['evening', 'free', 'childcare', 'womenOnly'] as const;
export type Facet = (typeof FACETS)[number];
export const INTENT_CUES = ['greeting', 'greetingFiller', 'handoff', 'offerSeeking'] as const;
export type IntentCue = (typeof INTENT_CUES)[number];

/** A term as token sequence, tagged with the language it was listed under. */
export interface LexiconTerm {
  tokens: string[];
  lang: Lang;
}

export interface Lexicon {
  categories: Record<CategoryId, LexiconTerm[]>;
  facets: Record<Facet, LexiconTerm[]>;
  intents: Record<IntentCue, LexiconTerm[]>;
  stopwords: Set<string>;
}

const perLanguage = z.partialRecord(z.enum(LANGUAGES), z.array(z.string().min(1)));
const lexiconFile = z.object({
  categories: z.record(z.enum(CATEGORY_IDS), perLanguage),
  facets: z.record(z.enum(FACETS), perLanguage),
  stopwords: perLanguage,
  intents: z.record(z.enum(INTENT_CUES), perLanguage),
});

function terms(byLang: Partial<Record<Lang, string[]>> | undefined): LexiconTerm[] {
  const out: LexiconTerm[] = [];
  for (const [lang, list] of Object.entries(byLang ?? {})) {
    for (const term of list ?? []) {
      const tokens = toTokens(term);
      if (tokens.length > 0) out.push({ tokens, lang: lang as Lang });
    }
  }
  return out;
}

function mapRecord<K extends string, V>(keys: readonly K[], make: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;
}

export function parseLexicon(raw: unknown): Lexicon {
  const parsed = lexiconFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('configInvalid', `Lexicon is invalid at ${first?.path.join('.')}: ${first?.message}`);
  }
  const l = parsed.data;
  return {
    categories: mapRecord(CATEGORY_IDS, (id) => terms(l.categories[id])),
    facets: mapRecord(FACETS, (id) => terms(l.facets[id])),
    intents: mapRecord(INTENT_CUES, (id) => terms(l.intents[id])),
    stopwords: new Set(Object.values(l.stopwords).flatMap((list) => (list ?? []).flatMap((w) => toTokens(w)))),
  };
}

export function loadLexicon(dataDir: string): Lexicon {
  const file = path.join(dataDir, 'lexicon.json');
  try {
    return parseLexicon(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('configInvalid', `Cannot read lexicon ${file}: ${(err as Error).message}`, { cause: err });
  }
}
