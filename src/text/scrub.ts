/**
 * Personal data out of a free text that is kept without its conversation (questions that found
 * nothing): e-mail addresses, phone numbers and other long numbers become placeholders.
 *
 * Newcomers type numbers in Arabic-Indic (٠١٧٦…), Persian (۰۱۷۶…) or full-width digits and
 * separate groups with dashes, slashes or invisible direction marks their keyboard inserts.
 * Detection runs on a folded copy in which every such character is its ASCII counterpart, one
 * UTF-16 unit for one, so a match there marks the same span of the original; the text kept is
 * the original with those spans replaced.
 */
export function scrub(text: string): string {
  let original = text;
  let folded = fold(text);
  for (const [pattern, placeholder] of PATTERNS) [original, folded] = redact(original, folded, pattern, placeholder);
  return original.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Between the digits of a phone number: spaces, brackets, dots, slashes, any dash, direction marks. */
const SEPARATOR = String.raw`[\s()/.\-\u2010-\u2015\u2212\u00B7\u066B\u066C\p{Cf}]`;
const PATTERNS: readonly [RegExp, string][] = [
  [/[^\s@]+@[^\s@]+\.[^\s@]+/gu, '[E-Mail]'],
  [new RegExp(String.raw`\+?\d(?:${SEPARATOR}|\d){5,}\d`, 'gu'), '[Nummer]'],
  [/\d{5,}/gu, '[Zahl]'],
];

/** Replaces in both texts the spans `pattern` finds in the folded one. */
function redact(original: string, folded: string, pattern: RegExp, placeholder: string): [string, string] {
  let kept = '';
  let last = 0;
  for (const match of folded.matchAll(pattern)) {
    kept += original.slice(last, match.index) + placeholder;
    last = match.index + match[0].length;
  }
  const rest = original.slice(last);
  return [kept + rest, folded.replace(pattern, placeholder)];
}

/** Each character that stands for an ASCII digit, @, dot or plus becomes it; the length never changes. */
function fold(text: string): string {
  return text.replace(FOLDABLE, (ch) => {
    if (ch.length > 1) return ch; // an astral digit: folding it would shift every later index
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (ch === '\uFE6B') return '@';
    return digitValue(ch);
  });
}

/** Decimal digits of any script, full-width ASCII, the small @. */
const FOLDABLE = /(?![0-9])[\p{Nd}\uFF01-\uFF5E\uFE6B]/gu;

/**
 * Unicode keeps the digits of every script as runs of ten (or several tens) from zero upwards, so
 * a digit's value is its distance from the start of its run, modulo ten.
 */
function digitValue(ch: string): string {
  const cached = DIGITS.get(ch);
  if (cached !== undefined) return cached;
  let start = ch.charCodeAt(0);
  while (start > 0 && /\p{Nd}/u.test(String.fromCharCode(start - 1))) start--;
  const value = String((ch.charCodeAt(0) - start) % 10);
  DIGITS.set(ch, value);
  return value;
}
const DIGITS = new Map<string, string>();
