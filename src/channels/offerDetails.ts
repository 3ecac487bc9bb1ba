import type { Cost } from '../catalogue/cost';
import type { Schedule } from '../catalogue/schedule';
import type { TextMap } from '../catalogue/types';
import type { Lang } from '../language/languages';
import { dateFormat, listFormat, numberFormat } from '../language/intlCache';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * An offer's times, cost, target group and contact as the newcomer reads them: the data in their
 * language through `Intl` (weekdays, dates, times, euros; Persian digits in Farsi; the Gregorian
 * calendar German offices use, in every language), then the note in their language. Where the
 * note has no translation the German is shown, marked `german` so the card and the page can
 * isolate it, keep its direction and say that it is German. The card and the page share this
 * and differ only in how they render a piece (plain with isolation marks, or escaped HTML).
 */
export interface Piece {
  text: string;
  german: boolean;
}

/** 1 January 2024 was a Monday: day 0 of a schedule. */
const MONDAY = Date.UTC(2024, 0, 1);

export function schedulePieces(schedule: Schedule, note: TextMap, lang: Lang, t: Translate): Piece[] {
  const out: string[] = [];
  if (schedule.example) out.push(t('schedule.example'));
  if (schedule.anytime) out.push(t('schedule.anytime'));
  if (schedule.start && schedule.start === schedule.end) out.push(day(schedule.start, lang, true));
  else {
    if (schedule.start) out.push(t('schedule.start', { date: day(schedule.start, lang) }));
    if (schedule.end) out.push(t('schedule.end', { date: day(schedule.end, lang) }));
  }
  if (schedule.rolling) out.push(t('schedule.rolling'));
  if (schedule.hours) out.push(t(schedule.hours === 'part' ? 'schedule.partTime' : 'schedule.fullTime'));
  const time = schedule.from && schedule.to ? `${clock(schedule.from, lang)}–${clock(schedule.to, lang)}` : '';
  const days = schedule.monthWeeks.length && schedule.days.length === 1
    ? t('schedule.monthly', { day: weekday(schedule.days[0]!, lang, 'long'), weeks: listFormat(lang).format(schedule.monthWeeks.map((w) => numberFormat(lang, {}).format(w))) })
    : dayList(schedule.days, lang);
  const when = [days, time].filter(Boolean).join(' ');
  if (when) out.push(when);
  if (schedule.sessions) out.push(t('schedule.sessions', counted(schedule.sessions, lang)));
  if (schedule.weeks) out.push(t('schedule.weeks', counted(schedule.weeks, lang)));
  if (schedule.lessons) out.push(t(schedule.lessonsUpTo ? 'schedule.lessonsUpTo' : 'schedule.lessons', counted(schedule.lessons, lang)));
  if (schedule.byAppointment) out.push(t('schedule.byAppointment'));
  return [...out.map((text) => ({ text, german: false })), ...notePieces(note, lang)];
}

/** The cost as data in the newcomer's language; "free" from the coordinator's tick when nothing else is said. */
export function costPieces(cost: Cost, note: TextMap, free: boolean, lang: Lang, t: Translate): Piece[] {
  const out: string[] = [];
  if (cost.example) out.push(t('schedule.example'));
  if (cost.free) out.push(t('cost.free'));
  if (cost.amount !== null) {
    const amount = numberFormat(lang, { style: 'currency', currency: 'EUR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: Number.isInteger(cost.amount) ? 0 : 2 }).format(cost.amount);
    out.push(cost.per === 'semester' ? t('cost.perSemester', { amount }) : cost.per === 'lesson' ? t('cost.perLesson', { amount }) : amount);
  }
  if (cost.waiver) out.push(t('cost.waiver'));
  const pieces = [...out.map((text) => ({ text, german: false })), ...notePieces(note, lang)];
  return pieces.length === 0 && free ? [{ text: t('cost.free'), german: false }] : pieces;
}

/** The note in the newcomer's language, or the German one marked as such. */
export function notePieces(note: TextMap, lang: Lang): Piece[] {
  const own = note[lang];
  if (own) return [{ text: own, german: false }];
  return note.de ? [{ text: note.de, german: lang !== 'de' }] : [];
}

/** The separator between pieces: the Arabic comma in Arabic and Farsi. */
export const pieceSeparator = (lang: Lang): string => (lang === 'ar' || lang === 'fa' ? '، ' : ', ');

function day(iso: string, lang: Lang, withWeekday = false): string {
  const options: Intl.DateTimeFormatOptions = withWeekday ? { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' } : { dateStyle: 'long' };
  return dateFormat(lang, { ...options, timeZone: 'UTC', calendar: 'gregory' }).format(Date.parse(iso));
}

/** The count for plural rules, and `n` written with the language's digits. */
const counted = (count: number, lang: Lang) => ({ count, n: numberFormat(lang, {}).format(count) });

function weekday(d: number, lang: Lang, width: 'short' | 'long' = 'short'): string {
  return dateFormat(lang, { weekday: width, timeZone: 'UTC' }).format(MONDAY + d * 86_400_000);
}

/** Three or more days in a row as a range ("Mo–Fr"), otherwise each day. */
function dayList(list: readonly number[], lang: Lang): string {
  if (list.length === 0) return '';
  const consecutive = list.length >= 3 && list.every((d, i) => i === 0 || d === list[i - 1]! + 1);
  if (consecutive) return `${weekday(list[0]!, lang)}–${weekday(list.at(-1)!, lang)}`;
  return listFormat(lang).format(list.map((d) => weekday(d, lang)));
}

function clock(hhmm: string, lang: Lang): string {
  const [h, m] = hhmm.split(':').map(Number);
  return dateFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1, h, m));
}
