/**
 * The one text normaliser shared by search, intent detection and town recognition, so that
 * the index and the question always meet in the same form.
 *
 * NFKD splits accented letters and Arabic presentation forms; dropping the marks then removes
 * umlauts (ä→a, so "anfanger" finds "Anfänger"), ё→е, tashkeel and hamza carriers (أ→ا, ؤ→و).
 */
const INVISIBLE = /[\u00AD\u061C\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const MARKS = /\p{M}+/gu;
const LETTER_MAP: Record<string, string> = {
  ي: 'ی', // Arabic yeh → Persian yeh: Persian keyboards type one, Arabic the other
  ى: 'ی',
  ك: 'ک',
  ة: 'ه',
  ۀ: 'ه',
  ە: 'ه', // what NFKD leaves of ۀ once the hamza mark is gone
  ٱ: 'ا',
  // Iraqi and Gulf Arabic write ق as spoken, گ ("الگى" is "القى", I find). Persian words stay
  // apart: both sides of every match are folded alike, and few differ only in گ and ق.
  گ: 'ق',
  ß: 'ss',
  ẞ: 'ss',
  ı: 'i',
};
const LETTERS = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'g');

/** Eastern Arabic (٠-٩) and Persian (۰-۹) digits to ASCII; Arabic decimal and thousands separators too. */
export function normalizeDigits(input: string): string {
  return input
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replace(/\u066B/g, '.')
    .replace(/\u066C/g, '');
}

/** Latin and Cyrillic letters that look alike (after lowercasing). */
const LATIN_TO_CYRILLIC: Record<string, string> = { a: 'а', e: 'е', i: 'і', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т', h: 'н', b: 'в' };
const CYRILLIC_TO_LATIN: Record<string, string> = { а: 'a', е: 'e', і: 'i', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', к: 'k', м: 'm', т: 't', н: 'h', в: 'b', б: 'b' };
const LATIN_LETTER = /[a-z]/g;
const CYRILLIC_LETTER = /[\u0400-\u04FF]/g;

/**
 * Phones mix keyboards: "нiмецьку" with a Latin i, "В2" with a Cyrillic В. A word with letters
 * of both scripts is written in the script most of its letters use; a level like "в2" is Latin.
 */
function unifyScripts(word: string): string {
  const latin = word.match(LATIN_LETTER)?.length ?? 0;
  const cyrillic = word.match(CYRILLIC_LETTER)?.length ?? 0;
  if (cyrillic === 1 && latin === 0 && /^[абсв][1-2]$/.test(word)) return (CYRILLIC_TO_LATIN[word[0]!] ?? word[0]!) + word[1]!;
  if (latin === 0 || cyrillic === 0) return word;
  if (cyrillic >= latin) return word.replace(LATIN_LETTER, (ch) => LATIN_TO_CYRILLIC[ch] ?? ch);
  return word.replace(CYRILLIC_LETTER, (ch) => CYRILLIC_TO_LATIN[ch] ?? ch);
}

export function normalizeText(input: string): string {
  return normalizeDigits(input)
    .normalize('NFKD')
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTERS, (ch) => LETTER_MAP[ch] ?? ch)
    // "комп'ютер", "don't", "gibt's": an apostrophe inside a word does not split it.
    .replace(/(\p{L})['’ʼ`](?=\p{L})/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .map(unifyScripts)
    .join(' ');
}

/** Splits normalised text into word tokens (letters and digits). */
export function tokenize(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * Words seen before and their tokens. A catalogue repeats its words thousands of times (six
 * languages per offer, 2.4 million words at 10,000 offers), and normalising each occurrence
 * afresh was most of the time an index build took. Bounded: cleared when full.
 */
const seenWords = new Map<string, readonly string[]>();
const SEEN_WORDS_LIMIT = 200_000;
/** Whitespace separates words before normalising too, except U+FEFF, which normalising removes. */
const WORD_GAP = /[^\S\uFEFF]+/;

function wordTokens(word: string): readonly string[] {
  let tokens = seenWords.get(word);
  if (tokens === undefined) {
    tokens = tokenize(normalizeText(word));
    if (seenWords.size >= SEEN_WORDS_LIMIT) seenWords.clear();
    seenWords.set(word, tokens);
  }
  return tokens;
}

/** Normalise then tokenise: what every matcher wants. The same as tokenize(normalizeText(input)), word by word. */
export function toTokens(input: string): string[] {
  const out: string[] = [];
  for (const word of input.split(WORD_GAP)) {
    if (word.length > 0) for (const token of wordTokens(word)) out.push(token);
  }
  return out;
}
