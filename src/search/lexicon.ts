import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { CATEGORY_IDS, type CategoryId } from '../catalogue/types';
import { LANGUAGES, type Lang } from '../language/languages';
import { toTokens } from '../text/normalize';

export const FACETS = ['evening', 'free', 'childcare', 'womenOnly'] as const;
export type Facet = (typeof FACETS)[number];
export const INTENT_CUES = ['greeting', 'greetingFiller', 'handoff', 'offerSeeking', 'answerSeeking', 'cmdLanguage', 'cmdRestart', 'cmdHelp', 'cmdBack', 'cmdMenu'] as const;
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

const words = z.array(z.string().min(1));
/** One file per language in data/lexicon/, so a translator owns a file. */
const lexiconFile = z.object({
  lang: z.enum(LANGUAGES),
  categories: z.partialRecord(z.enum(CATEGORY_IDS), words),
  facets: z.partialRecord(z.enum(FACETS), words),
  stopwords: words,
  intents: z.partialRecord(z.enum(INTENT_CUES), words),
});
type LexiconFile = z.infer<typeof lexiconFile>;

function terms(lists: readonly { lang: Lang; words: readonly string[] | undefined }[]): LexiconTerm[] {
  const out: LexiconTerm[] = [];
  for (const { lang, words: list } of lists) {
    for (const term of list ?? []) {
      const tokens = toTokens(term);
      if (tokens.length > 0) out.push({ tokens, lang });
    }
  }
  return out;
}

function mapRecord<K extends string, V>(keys: readonly K[], make: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;
}

export function parseLexicon(raw: readonly unknown[]): Lexicon {
  const files: LexiconFile[] = raw.map((r) => {
    const parsed = lexiconFile.safeParse(r);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const lang = (r as { lang?: unknown })?.lang;
      throw new AppError('configInvalid', `Lexicon ${String(lang)} is invalid at ${first?.path.join('.')}: ${first?.message}`);
    }
    return parsed.data;
  });
  return {
    categories: mapRecord(CATEGORY_IDS, (id) => terms(files.map((f) => ({ lang: f.lang, words: f.categories[id] })))),
    facets: mapRecord(FACETS, (id) => terms(files.map((f) => ({ lang: f.lang, words: f.facets[id] })))),
    intents: mapRecord(INTENT_CUES, (id) => terms(files.map((f) => ({ lang: f.lang, words: f.intents[id] })))),
    stopwords: new Set(files.flatMap((f) => f.stopwords.flatMap((w) => withConjunctions(f.lang, toTokens(w))))),
  };
}

/**
 * Arabic writes "and" and "so" onto the next word: "وما" is "and not", "فهل" "so is there". A
 * stop word stays one with them attached, so they are derived rather than listed.
 */
function withConjunctions(lang: string, words: string[]): string[] {
  return lang === 'ar' ? words.flatMap((w) => [w, `و${w}`, `ف${w}`]) : words;
}

export function loadLexicon(dataDir: string): Lexicon {
  const dir = path.join(dataDir, 'lexicon');
  const raw = LANGUAGES.filter((lang) => fs.existsSync(path.join(dir, `${lang}.json`))).map((lang) => {
    const file = path.join(dir, `${lang}.json`);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      throw new AppError('configInvalid', `Cannot read lexicon ${file}: ${(err as Error).message}`, { cause: err });
    }
  });
  return parseLexicon(raw);
}

/** Every term of the lexicon, for callers that care about words rather than meanings. */
export function allTerms(lexicon: Lexicon): LexiconTerm[] {
  return [
    ...Object.values(lexicon.categories).flat(),
    ...Object.values(lexicon.facets).flat(),
    ...Object.values(lexicon.intents).flat(),
  ];
}
