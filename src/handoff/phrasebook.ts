import type { Lang } from '../language/languages';
import type { Translator } from '../language/i18n';

/** Canned advisor replies; their texts live in the locales under `phrasebook.<id>`. */
export const PHRASES = [
  'greeting',
  'oneMoment',
  'bringDocuments',
  'sendAddress',
  'appointment',
  'writeSimply',
  'callYou',
  'anythingElse',
  'goodbye',
] as const;
export type PhraseId = (typeof PHRASES)[number];
export const isPhraseId = (v: unknown): v is PhraseId => typeof v === 'string' && (PHRASES as readonly string[]).includes(v);

export interface Phrase {
  id: PhraseId;
  /** What the advisor reads. */
  de: string;
  /** What the newcomer will receive. */
  text: string;
}

export function phrasebook(translator: Translator, lang: Lang): Phrase[] {
  const de = translator.forLanguage('de');
  const t = translator.forLanguage(lang);
  return PHRASES.map((id) => ({ id, de: de(`phrasebook.${id}`), text: t(`phrasebook.${id}`) }));
}
