import { toTokens } from './normalize';

/**
 * Whether every word of a staff search ("MiA Döbeln", "doebeln mia") begins a word of the text,
 * in any order, case, umlaut spelling or hyphenation. Staff type what they remember, not a
 * substring in the order the catalogue holds it.
 */
export function matchesAllWords(query: string, text: string): boolean {
  const wanted = toTokens(query);
  if (wanted.length === 0) return true;
  const words = toTokens(text);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}
