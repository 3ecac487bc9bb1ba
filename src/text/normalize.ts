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
  ٱ: 'ا',
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

export function normalizeText(input: string): string {
  return normalizeDigits(input)
    .normalize('NFKD')
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTERS, (ch) => LETTER_MAP[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits normalised text into word tokens (letters and digits). */
export function tokenize(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** Normalise then tokenise: what every matcher wants. */
export function toTokens(input: string): string[] {
  return tokenize(normalizeText(input));
}
