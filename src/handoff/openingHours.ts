import { AppError } from '../errors';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];

/** Minutes after midnight, [from, to). */
export interface Span {
  from: number;
  to: number;
}

export type WeeklyHours = Record<Day, Span[]>;

const emptyWeek = (): WeeklyHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * Reads `mon-thu 08:00-16:00; fri 08:00-12:00` (what a coordinator would write on a door sign),
 * or `always`. Several spans per day are allowed: `mon 08:00-12:00, 13:00-16:00`.
 */
export function parseWeeklyHours(text: string): WeeklyHours {
  const week = emptyWeek();
  if (text.trim().toLowerCase() === 'always') {
    for (const day of DAYS) week[day].push({ from: 0, to: 24 * 60 });
    return week;
  }
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(.+)$/i.exec(part);
    const first = DAYS.indexOf(m?.[1]?.toLowerCase() as Day);
    const last = m?.[2] ? DAYS.indexOf(m[2].toLowerCase() as Day) : first;
    if (!m || first < 0 || last < first) throw new AppError('configInvalid', `HANDOFF_HOURS: cannot read "${part}" (example: mon-thu 08:00-16:00; fri 08:00-12:00)`);
    for (const span of m[3]!.split(',').map((s) => s.trim())) {
      const t = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):[0-5]\d|24:00)$/.exec(span);
      if (!t) throw new AppError('configInvalid', `HANDOFF_HOURS: cannot read the time "${span}" (example: 08:00-16:00)`);
      const [from, to] = span.split('-').map(minutes) as [number, number];
      if (to <= from) throw new AppError('configInvalid', `HANDOFF_HOURS: "${span}" ends before it starts`);
      for (let d = first; d <= last; d++) week[DAYS[d]!].push({ from, to });
    }
  }
  return week;
}

/** Easter Sunday (Gregorian, anonymous algorithm) as [month, day]. */
function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Public holidays in Saxony, where the Landratsamt is closed. */
export function saxonyHolidays(year: number): string[] {
  const [em, ed] = easter(year);
  const easterDay = Date.UTC(year, em - 1, ed);
  const fromEaster = (days: number) => ymd(new Date(easterDay + days * 86_400_000));
  // Buß- und Bettag: the Wednesday before 23 November.
  const nov23 = new Date(Date.UTC(year, 10, 23));
  const back = ((nov23.getUTCDay() - 3 + 7) % 7) || 7;
  const repentance = ymd(new Date(nov23.getTime() - back * 86_400_000));
  return [
    `${year}-01-01`,
    fromEaster(-2),
    fromEaster(1),
    `${year}-05-01`,
    fromEaster(39),
    fromEaster(50),
    `${year}-10-03`,
    `${year}-10-31`,
    repentance,
    `${year}-12-25`,
    `${year}-12-26`,
  ];
}

export interface OpeningHoursConfig {
  weekly: WeeklyHours;
  /** Extra closed days (YYYY-MM-DD), e.g. 24 and 31 December. */
  closedDays: string[];
  publicHolidays: 'saxony' | 'none';
  timeZone: string;
}

/** When advisors answer live. Outside these hours the bot offers a callback instead of a queue. */
export class OpeningHours {
  private readonly format: Intl.DateTimeFormat;

  constructor(private readonly config: OpeningHoursConfig) {
    this.format = new Intl.DateTimeFormat('en-GB', {
      timeZone: config.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  isOpen(at: Date): boolean {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    if (this.config.closedDays.includes(date)) return false;
    if (this.config.publicHolidays === 'saxony' && saxonyHolidays(Number(parts.year)).includes(date)) return false;
    const day = String(parts.weekday).slice(0, 3).toLowerCase() as Day;
    const now = Number(parts.hour) * 60 + Number(parts.minute);
    return this.config.weekly[day].some((s) => now >= s.from && now < s.to);
  }

  /** "Mo–Do 08:00–16:00, Fr 08:00–12:00" in the newcomer's language (weekday names from ICU). */
  describe(lang: string): string {
    const names = DAYS.map((_, i) => new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))));
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const key = (d: Day) => this.config.weekly[d].map((s) => `${hhmm(s.from)}–${hhmm(s.to)}`).join(', ');
    const groups: string[] = [];
    let i = 0;
    while (i < DAYS.length) {
      const k = key(DAYS[i]!);
      let j = i;
      while (j + 1 < DAYS.length && key(DAYS[j + 1]!) === k) j++;
      if (k) groups.push(`${names[i]}${j > i ? `–${names[j]}` : ''} ${k}`);
      i = j + 1;
    }
    return groups.join(', ');
  }
}
