import type { Lang } from './languages';
import { localeLang } from './locale';

/** Where a reply's language came from. */
export type LanguageSource = 'explicit' | 'detected' | 'fallback';

export interface LanguageClues {
  /** What the newcomer chose (the picker, "Deutsch", a language button). */
  chosen?: Lang | null;
  /** What this message is written in, with the detector's confidence. */
  detected?: { lang: Lang; confidence: number } | null;
  /** The language the conversation has been in so far. */
  conversation?: Lang | null;
  /** The client's locale ("uk-UA"). */
  locale?: string | null;
}

/** Detections below this are guesses: a short "ok" or a town name decides nothing. */
export const CONFIDENT_DETECTION = 0.5;

/**
 * The one rule for the language of a reply, wherever it is made (bot, dialogs, /api/ask, the
 * error handler): a choice wins, then a confident reading of the message, then the
 * conversation's language, then the client's locale, then German, the catalogue's language.
 */
export function replyLanguage(clues: LanguageClues, supported: readonly Lang[]): { lang: Lang; source: LanguageSource } {
  const ok = (lang: Lang | null | undefined): lang is Lang => !!lang && supported.includes(lang);
  if (ok(clues.chosen)) return { lang: clues.chosen, source: 'explicit' };
  if (clues.detected && clues.detected.confidence >= CONFIDENT_DETECTION && ok(clues.detected.lang)) return { lang: clues.detected.lang, source: 'detected' };
  if (ok(clues.conversation)) return { lang: clues.conversation, source: 'fallback' };
  const fromLocale = localeLang(clues.locale ?? undefined);
  if (ok(fromLocale)) return { lang: fromLocale, source: 'fallback' };
  return { lang: 'de', source: 'fallback' };
}
