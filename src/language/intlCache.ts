import type { Lang } from './languages';

/**
 * Intl formatters are expensive to build (a weekday, a time and a date formatter per card cost
 * more than the rest of a search turn) and safe to share: one per language and options.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function cached<F, O>(cache: Map<string, F>, lang: Lang, options: O, make: () => F): F {
  const key = `${lang} ${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) cache.set(key, (found = make()));
  return found;
}

export const dateFormat = (lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(dateFormats, lang, options, () => new Intl.DateTimeFormat(lang, options));
export const numberFormat = (lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(numberFormats, lang, options, () => new Intl.NumberFormat(lang, options));
export const listFormat = (lang: Lang): Intl.ListFormat => cached(listFormats, lang, 'conjunction', () => new Intl.ListFormat(lang, { type: 'conjunction' }));
