/**
 * A schedule as coordinators write it ("Beispiel: Start 19.04.2027, Mo–Fr 09:00–12:15"), read into
 * parts a page can show in any language: start date, weekdays, times, "by appointment". What the
 * parts do not cover stays as German text (`rest`). Returns null when no part is recognised.
 */
export interface ScheduleParts {
  /** "Beispiel:": illustrative, not confirmed with the provider. */
  example: boolean;
  /** ISO date (YYYY-MM-DD). */
  start: string | null;
  /** Weekdays, 0 = Monday … 6 = Sunday, in order. */
  days: number[];
  /** "HH:MM". */
  from: string | null;
  to: string | null;
  rolling: boolean;
  byAppointment: boolean;
  rest: string;
}

const DAY_ABBREVIATIONS: Record<string, number> = { mo: 0, di: 1, mi: 2, do: 3, fr: 4, sa: 5, so: 6 };
const DAY_ADVERBS: Record<string, number> = { montags: 0, dienstags: 1, mittwochs: 2, donnerstags: 3, freitags: 4, samstags: 5, sonntags: 6 };

export function readSchedule(text: string): ScheduleParts | null {
  let rest = text;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const m = pattern.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m;
  };
  const example = !!take(/^\s*Beispiel:\s*/i) || !!take(/\s*\(Beispiel\)/i);
  const startMatch = take(/\bStart\s+(\d{1,2})\.(\d{1,2})\.(\d{4})/i);
  const start = startMatch ? `${startMatch[3]}-${startMatch[2]!.padStart(2, '0')}-${startMatch[1]!.padStart(2, '0')}` : null;
  const time = take(/\b(\d{1,2}):(\d{2})\s*[–-]\s*(\d{1,2}):(\d{2})\b/);
  const from = time ? `${time[1]!.padStart(2, '0')}:${time[2]}` : null;
  const to = time ? `${time[3]!.padStart(2, '0')}:${time[4]}` : null;

  let days: number[] = [];
  const range = take(/\b(Mo|Di|Mi|Do|Fr|Sa|So)\s*[–-]\s*(Mo|Di|Mi|Do|Fr|Sa|So)\b/);
  if (range) {
    const [a, b] = [DAY_ABBREVIATIONS[range[1]!.toLowerCase()]!, DAY_ABBREVIATIONS[range[2]!.toLowerCase()]!];
    for (let d = a; d <= b; d++) days.push(d);
  } else {
    const list = take(/\b(Mo|Di|Mi|Do|Fr|Sa|So)(?:\s*\+\s*(?:Mo|Di|Mi|Do|Fr|Sa|So))+\b/);
    if (list) days = list[0].split('+').map((d) => DAY_ABBREVIATIONS[d.trim().toLowerCase()]!);
    else {
      const adverb = take(/(?<!\S)(montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)\b/i);
      if (adverb) days = [DAY_ADVERBS[adverb[1]!.toLowerCase()]!];
    }
  }
  const rolling = !!take(/\blaufender Einstieg\b/i);
  const byAppointment = !!take(/\bnach (?:Termin)?vereinbarung\b|\bnach Termin\b|\bnach Absprache\b/i);
  if (!start && days.length === 0 && !from && !byAppointment && !rolling) return null;
  rest = rest.replace(/\s+/g, ' ').replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '').replace(/\s+,/g, ',').replace(/,\s*,/g, ',');
  return { example, start, days, from, to, rolling, byAppointment, rest };
}
