import { type LocalizedText, type TextMap } from './types';
import { isLang, type Lang } from '../language/languages';

/** Folds (key, lang, text) rows into one LocalizedText per key. German is required by the schema. */
export function groupTranslations(
  rows: readonly { key: string; lang: string; text: string }[],
): Map<string, Partial<Record<Lang, string>>> {
  const byKey = new Map<string, Partial<Record<Lang, string>>>();
  for (const row of rows) {
    if (!isLang(row.lang)) continue;
    const entry = byKey.get(row.key) ?? {};
    entry[row.lang] = row.text;
    byKey.set(row.key, entry);
  }
  return byKey;
}

export function asLocalized(texts: Partial<Record<Lang, string>> | undefined): LocalizedText {
  return { ...texts, de: texts?.de ?? '' };
}

/** The text in `lang`, or German with a flag so the caller can say the translation is missing. */
export function pickText(text: LocalizedText, lang: Lang): { text: string; lang: Lang; fallback: boolean } {
  const own = text[lang];
  if (own) return { text: own, lang, fallback: false };
  return { text: text.de, lang: 'de', fallback: lang !== 'de' };
}

/** Drops empty languages so "no text" has one spelling. */
export function cleanMap(map: TextMap): TextMap {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v)) as TextMap;
}
