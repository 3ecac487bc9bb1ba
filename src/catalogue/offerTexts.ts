import { readCost, type Cost } from './cost';
import { readSchedule, type Schedule } from './schedule';
import { cleanMap } from './localized';
import type { TextMap } from './types';

/**
 * A coordinator's schedule and cost, as typed, into data. What the reader cannot place joins
 * the German note, so nothing typed is lost.
 */
export function scheduleFromText(text: string, note: TextMap = {}): { schedule: Schedule; note: TextMap } {
  const { schedule, rest } = readSchedule(text);
  return { schedule, note: withGerman(note, rest) };
}

export function costFromText(text: string, note: TextMap = {}): { cost: Cost; note: TextMap } {
  const { cost, rest } = readCost(text);
  return { cost, note: withGerman(note, rest) };
}

function withGerman(note: TextMap, rest: string): TextMap {
  const clean = cleanMap(note);
  if (!rest || clean.de?.includes(rest)) return clean;
  return { ...clean, de: clean.de ? `${rest}; ${clean.de}` : rest };
}
