/**
 * When an offer takes place, as data a page can show in any language: dates, weekdays, times,
 * number of sessions, length. Coordinators write it the way they always have ("Beispiel: Start
 * 19.04.2027, Mo–Fr 09:00–12:15, 400 UE"); `readSchedule` reads that into the structure and
 * returns what it could not read as `rest`, which becomes the schedule's German note.
 * `writeSchedule` writes the structure back in the same words, so an export re-imports as is.
 */
export interface Schedule {
  /** "Beispiel:": illustrative, not confirmed with the provider. */
  example: boolean;
  /** ISO dates (YYYY-MM-DD). A single day has the same start and end. */
  start: string | null;
  end: string | null;
  /** Weekdays, 0 = Monday … 6 = Sunday, in order. */
  days: number[];
  /** Which weeks of the month the days fall in ("2. und 4. Dienstag im Monat"); empty = every week. */
  monthWeeks: number[];
  /** "HH:MM". */
  from: string | null;
  to: string | null;
  sessions: number | null;
  weeks: number | null;
  /** Teaching units (UE, 45 minutes), the course's total or, with `lessonsUpTo`, its most. */
  lessons: number | null;
  lessonsUpTo: boolean;
  hours: 'full' | 'part' | null;
  rolling: boolean;
  byAppointment: boolean;
  anytime: boolean;
}

export const EMPTY_SCHEDULE: Readonly<Schedule> = Object.freeze({
  example: false,
  start: null,
  end: null,
  days: [],
  monthWeeks: [],
  from: null,
  to: null,
  sessions: null,
  weeks: null,
  lessons: null,
  lessonsUpTo: false,
  hours: null,
  rolling: false,
  byAppointment: false,
  anytime: false,
});

export function emptySchedule(): Schedule {
  return { ...EMPTY_SCHEDULE, days: [], monthWeeks: [] };
}

/** Nothing but possibly the "example" flag: there is nothing to show as a time. */
export function isEmptySchedule(s: Schedule): boolean {
  return writeSchedule({ ...s, example: false }) === '';
}

const ABBREVIATIONS = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'] as const;
const DAY_NAMES = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'] as const;
const ABBREVIATION = `(?:${ABBREVIATIONS.join('|')})`;
const dayOf = (word: string): number => {
  const lower = word.toLowerCase();
  return DAY_NAMES.findIndex((n) => lower.startsWith(n.slice(0, 2).toLowerCase()));
};
const isoDate = (d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const germanCount = (n: number) => new Intl.NumberFormat('de-DE').format(n);

/** Reads what it can; the rest is German text for the note. An empty text reads as empty. */
export function readSchedule(text: string): { schedule: Schedule; rest: string } {
  const s = emptySchedule();
  let rest = text;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const m = pattern.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m;
  };
  s.example = !!take(/^\s*Beispiel:\s*/i) || !!take(/\s*\(Beispiel\)/i);
  s.anytime = !!take(/^\s*jederzeit\b/i);

  const single = take(new RegExp(`(?<!\\S)${ABBREVIATION}\\s+(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})\\b`));
  if (single) s.start = s.end = isoDate(single[1]!, single[2]!, single[3]!);
  const start = s.start ? null : take(/\b(?:Start|ab)\s+(\d{1,2})\.(\d{1,2})\.(\d{4})\b/i);
  if (start) s.start = isoDate(start[1]!, start[2]!, start[3]!);
  const end = s.end ? null : take(/\bbis\s+(\d{1,2})\.(\d{1,2})\.(\d{4})\b/i);
  if (end) s.end = isoDate(end[1]!, end[2]!, end[3]!);

  // Two time ranges mean two slots ("Di 09:00–12:00 und Do 13:00–17:00"): one pair of fields
  // would pin both days to the first slot, so such a text stays a note.
  const TIME = /\b(\d{1,2}):(\d{2})\s*[–-]\s*(\d{1,2}):(\d{2})\b/g;
  const oneSlot = (rest.match(TIME)?.length ?? 0) <= 1;
  if (oneSlot) {
    const time = take(/\b(\d{1,2}):(\d{2})\s*[–-]\s*(\d{1,2}):(\d{2})\b/);
    if (time) {
      s.from = `${time[1]!.padStart(2, '0')}:${time[2]}`;
      s.to = `${time[3]!.padStart(2, '0')}:${time[4]}`;
    }
    const monthly = take(/\b(?:jeden\s+)?((?:[1-5]\.\s*(?:und|,)\s*)*[1-5]\.)\s*(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)(?:\s+im\s+Monat)?\b/i);
    if (monthly) {
      s.monthWeeks = [...monthly[1]!.matchAll(/[1-5]/g)].map((m) => Number(m[0]));
      s.days = [dayOf(monthly[2]!)];
    } else {
      const range = take(new RegExp(`(?<!\\S)(${ABBREVIATION})\\s*[–-]\\s*(${ABBREVIATION})\\b`));
      if (range) {
        for (let d = dayOf(range[1]!); d <= dayOf(range[2]!); d++) s.days.push(d);
      } else {
        const list = take(new RegExp(`(?<!\\S)${ABBREVIATION}(?:\\s*(?:\\+|,|und)\\s*${ABBREVIATION})*\\b(?!\\.)`));
        if (list) s.days = [...new Set([...list[0].matchAll(new RegExp(ABBREVIATION, 'g'))].map((m) => dayOf(m[0])))].sort((a, b) => a - b);
        else {
          const adverb = take(/(?<!\S)(montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)\b/i);
          if (adverb) s.days = [dayOf(adverb[1]!)];
        }
      }
    }
  }
  const sessions = take(/\b(\d{1,3})\s+(?:Termine|Treffen)\b/);
  if (sessions) s.sessions = Number(sessions[1]);
  const weeks = take(/\b(\d{1,2})\s+Wochen\b/);
  if (weeks) s.weeks = Number(weeks[1]);
  const lessons = take(/(?<!à\s*)\b(bis\s+)?(\d{1,3}(?:\.\d{3})?)\s*UE\b(?!\s*\/)/);
  if (lessons) {
    s.lessons = Number(lessons[2]!.replace('.', ''));
    s.lessonsUpTo = !!lessons[1];
  }
  // Only as a piece of its own: "Unterricht tagsüber in Vollzeit" is a sentence, not a field.
  const hours = take(/(?:^|[,;])\s*(Teilzeit|Vollzeit)\s*(?=[,;]|$)/);
  if (hours) s.hours = hours[1] === 'Teilzeit' ? 'part' : 'full';
  s.rolling = !!take(/\blaufender Einstieg\b/i);
  // "sonst nach Termin" qualifies the times before it and stays with them in the note.
  s.byAppointment = !!take(/(?<!sonst\s+)\b(?:nach (?:Termin)?vereinbarung|nach Termin|nach Absprache)\b/i);
  rest = rest
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
    .replace(/\s+([,;])/g, '$1')
    .replace(/([,;])\s*[,;]/g, '$1');
  if (isEmptySchedule(s)) return { schedule: emptySchedule(), rest: text.trim() };
  return { schedule: s, rest };
}

/** The schedule in the words `readSchedule` reads: what a coordinator sees and types. */
export function writeSchedule(s: Schedule): string {
  const parts: string[] = [];
  if (s.anytime) parts.push('jederzeit');
  if (s.start && s.start === s.end) parts.push(`${ABBREVIATIONS[(new Date(`${s.start}T00:00:00Z`).getUTCDay() + 6) % 7]} ${germanDate(s.start)}`);
  else {
    if (s.start) parts.push(`Start ${germanDate(s.start)}`);
    if (s.end) parts.push(`bis ${germanDate(s.end)}`);
  }
  if (s.rolling) parts.push('laufender Einstieg');
  if (s.hours) parts.push(s.hours === 'part' ? 'Teilzeit' : 'Vollzeit');
  const time = s.from && s.to ? `${s.from}–${s.to}` : '';
  const days = s.monthWeeks.length && s.days.length === 1
    ? `${s.monthWeeks.map((w) => `${w}.`).join(' und ')} ${DAY_NAMES[s.days[0]!]} im Monat`
    : dayList(s.days);
  const when = [days, time].filter(Boolean).join(' ');
  if (when) parts.push(when);
  if (s.sessions) parts.push(`${s.sessions} Termine`);
  if (s.weeks) parts.push(`${s.weeks} Wochen`);
  if (s.lessons) parts.push(`${s.lessonsUpTo ? 'bis ' : ''}${germanCount(s.lessons)} UE`);
  if (s.byAppointment) parts.push('nach Vereinbarung');
  if (parts.length === 0) return '';
  return `${s.example ? 'Beispiel: ' : ''}${parts.join(', ')}`;
}

/** Three or more days in a row as a range ("Mo–Fr"), otherwise joined with "+". */
function dayList(days: readonly number[]): string {
  if (days.length === 0) return '';
  const consecutive = days.length >= 3 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  if (consecutive) return `${ABBREVIATIONS[days[0]!]}–${ABBREVIATIONS[days.at(-1)!]}`;
  return days.map((d) => ABBREVIATIONS[d]).join('+');
}
