import * as chrono from 'chrono-node';
import type { Lang } from './languages';
import { normalizeDigits } from '../text/normalize';

export type DateParse = { date: Date } | { persianCalendar: string } | null;

// chrono-node has parsers for de, en, ru, uk and ar; Farsi has none, so Farsi uses the German one
// after digit normalisation: numeric dates in Germany are day first (12.03.2027).
const PARSERS: Record<Lang, chrono.Chrono> = {
  de: chrono.de.casual,
  en: chrono.en.casual,
  uk: chrono.uk.casual,
  ru: chrono.ru.casual,
  ar: chrono.ar.casual,
  fa: chrono.de.casual,
};

/** A Solar Hijri year (1300–1499) at the start of a numeric date: ۱۴۰۳/۰۲/۱۵. */
const PERSIAN_YEAR = /\b1[34]\d\d[/.-]\d{1,2}[/.-]\d{1,2}\b/;

/**
 * Reads a date or date-time ("nächsten Montag um 17 Uhr", "завтра о 10", "غداً الساعة 10",
 * "12.03.2027"). A date in the Persian calendar is reported as such so the dialog can ask again
 * rather than book a day 600 years ago.
 */
export function parseDate(text: string, lang: Lang, reference: Date = new Date()): DateParse {
  const plain = normalizeDigits(text);
  const persian = PERSIAN_YEAR.exec(plain);
  if (persian) return { persianCalendar: persian[0] };
  const date = PARSERS[lang].parseDate(plain, reference, { forwardDate: true }) ?? chrono.de.casual.parseDate(plain, reference, { forwardDate: true });
  return date ? { date } : null;
}

/** A date written for the newcomer, in the Persian calendar for Farsi. */
export function formatDate(date: Date, lang: Lang): string {
  const locale = lang === 'fa' ? 'fa-IR-u-ca-persian' : lang === 'ar' ? 'ar-SY' : lang;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'Europe/Berlin' }).format(date);
}
