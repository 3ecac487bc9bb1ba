import { readCost, type Cost } from './cost';
import { readSchedule, type Schedule } from './schedule';
import type { TextMap } from './types';

/**
 * A coordinator's schedule and cost, as typed, into data. What the reader cannot place joins
 * the German note, so nothing typed is lost; `unread` says what that was, for the import report.
 */
export function scheduleFromText(text: string, note: TextMap = {}): { schedule: Schedule; note: TextMap; unread: string } {
  const { schedule, rest } = readSchedule(text);
  return { schedule, note: withGerman(note, rest), unread: rest };
}

export function costFromText(text: string, note: TextMap = {}): { cost: Cost; note: TextMap; unread: string } {
  const { cost, rest } = readCost(text);
  return { cost, note: withGerman(note, rest), unread: rest };
}

/** Drops empty languages so "no text" has one spelling. */
export function cleanMap(map: TextMap): TextMap {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as TextMap;
}

function withGerman(note: TextMap, rest: string): TextMap {
  const clean = cleanMap(note);
  if (!rest || clean.de?.includes(rest)) return clean;
  return { ...clean, de: clean.de ? `${rest}; ${clean.de}` : rest };
}
