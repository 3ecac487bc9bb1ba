import type { ScheduleParts } from '../catalogue/schedule';
import type { Lang } from '../language/languages';
import { dateFormat, listFormat } from '../language/intlCache';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** 1 January 2024 was a Monday: day 0 of ScheduleParts. */
const MONDAY = Date.UTC(2024, 0, 1);

/** One piece of a schedule as shown: in the newcomer's language, or German the parts did not cover. */
export interface SchedulePiece {
  text: string;
  german: boolean;
}

/**
 * A schedule in the newcomer's language: weekday names, dates and times from `Intl` (Persian
 * digits in Farsi; the Gregorian calendar, which German offices use, in every language). The
 * German rest, if any, comes last, marked so callers can isolate or escape it.
 */
export function schedulePieces(parts: ScheduleParts, lang: Lang, t: Translate): SchedulePiece[] {
  const out: string[] = [];
  if (parts.example) out.push(t('schedule.example'));
  if (parts.start) out.push(t('schedule.start', { date: dateFormat(lang, { dateStyle: 'long', timeZone: 'UTC', calendar: 'gregory' }).format(Date.parse(parts.start)) }));
  if (parts.rolling) out.push(t('schedule.rolling'));
  if (parts.days.length) out.push(days(parts.days, lang));
  if (parts.from && parts.to) out.push(`${time(parts.from, lang)}–${time(parts.to, lang)}`);
  if (parts.byAppointment) out.push(t('schedule.byAppointment'));
  const pieces = out.map((text) => ({ text, german: false }));
  return parts.rest ? [...pieces, { text: parts.rest, german: true }] : pieces;
}

/** The separator between pieces: the Arabic comma in Arabic and Farsi. */
export const scheduleSeparator = (lang: Lang): string => (lang === 'ar' || lang === 'fa' ? '، ' : ', ');

function weekday(day: number, lang: Lang): string {
  return dateFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(MONDAY + day * 86_400_000);
}

/** Three or more days in a row as a range ("Mo–Fr"), otherwise each day. */
function days(list: number[], lang: Lang): string {
  const consecutive = list.length >= 3 && list.every((d, i) => i === 0 || d === list[i - 1]! + 1);
  if (consecutive) return `${weekday(list[0]!, lang)}–${weekday(list.at(-1)!, lang)}`;
  return listFormat(lang).format(list.map((d) => weekday(d, lang)));
}

function time(hhmm: string, lang: Lang): string {
  const [h, m] = hhmm.split(':').map(Number);
  return dateFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1, h, m));
}
