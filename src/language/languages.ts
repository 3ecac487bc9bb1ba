/** Languages the product speaks; German is the source language of the catalogue. */
export const LANGUAGES = ['de', 'en', 'uk', 'ru', 'ar', 'fa'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const SOURCE_LANGUAGE: Lang = 'de';
export const RTL_LANGUAGES: readonly Lang[] = ['ar', 'fa'];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Native names, shown on the language buttons and accepted when typed. */
export const NATIVE_LANGUAGE_NAMES: Record<Lang, string> = {
  de: 'Deutsch',
  en: 'English',
  uk: 'Українська',
  ru: 'Русский',
  ar: 'العربية',
  fa: 'فارسی',
};

