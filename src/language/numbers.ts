import { Culture, recognizeNumber } from '@microsoft/recognizers-text-suite';
import type { Lang } from './languages';
import { normalizeDigits, toTokens } from '../text/normalize';

/**
 * Recognizers-Text has number models for English only among our languages (for de, uk, ru, ar
 * and fa it silently falls back to English), so the other languages use these small word lists:
 * enough for ages, which is what the dialogs ask for.
 */
const NUMBER_WORDS: Record<Exclude<Lang, 'en'>, string[]> = {
  de: ['null', 'eins', 'zwei', 'drei', 'vier', 'funf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwolf', 'dreizehn', 'vierzehn', 'funfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn', 'zwanzig'],
  uk: ['нуль', 'один', 'два', 'три', 'чотири', 'пять', 'шість', 'сім', 'вісім', 'девять', 'десять', 'одинадцять', 'дванадцять', 'тринадцять', 'чотирнадцять', 'пятнадцять', 'шістнадцять', 'сімнадцять', 'вісімнадцять', 'девятнадцять', 'двадцять'],
  ru: ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать', 'двадцать'],
  ar: ['صفر', 'واحد', 'اثنان', 'ثلاثه', 'اربعه', 'خمسه', 'سته', 'سبعه', 'ثمانیه', 'تسعه', 'عشره', 'احد عشر', 'اثنا عشر', 'ثلاثه عشر', 'اربعه عشر', 'خمسه عشر', 'سته عشر', 'سبعه عشر', 'ثمانیه عشر', 'تسعه عشر', 'عشرون'],
  fa: ['صفر', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه', 'ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده', 'بیست'],
};

/** The first whole number in a message, in digits of any numeral system or as a word. */
export function parseNumber(text: string, lang: Lang): number | null {
  const digits = /\d{1,3}/.exec(normalizeDigits(text));
  if (digits) return Number(digits[0]);
  if (lang === 'en') {
    const value = recognizeNumber(text, Culture.English)[0]?.resolution?.value as string | undefined;
    const n = value === undefined ? NaN : Number(value);
    return Number.isInteger(n) ? n : null;
  }
  const joined = ` ${plainWords(text)} `;
  for (const { w, n } of LONGEST_FIRST[lang]) if (joined.includes(` ${w} `)) return n;
  return null;
}

/** Word lists are normalised like the text (apostrophes and hamza forms dropped) before comparing. */
const plainWords = (text: string): string => toTokens(text.replace(/['’ʼ]/g, '')).join(' ');

/** Longest first so "sechzehn" is not read as "sechs", nor "احد عشر" as nothing. Built once: every message is checked. */
const LONGEST_FIRST = Object.fromEntries(
  Object.entries(NUMBER_WORDS).map(([lang, words]) => [
    lang,
    words.map((w, n) => ({ w: plainWords(w), n })).sort((a, b) => b.w.length - a.w.length),
  ]),
) as Record<Exclude<Lang, 'en'>, { w: string; n: number }[]>;

/** Every listed number word in any language, for choices typed as words. */
const WORD_VALUES = new Map<string, number>();
for (const words of Object.values(NUMBER_WORDS)) {
  words.forEach((w, n) => {
    if (n > 0 && !WORD_VALUES.has(plainWords(w))) WORD_VALUES.set(plainWords(w), n);
  });
}

/** An age from answers like "Ich bin 25", "мені 16 років", "عمري ١٧ سنة", "۱۶ ساله", "sixteen". */
export function parseAge(text: string, lang: Lang): number | null {
  const n = parseNumber(text, lang);
  return n !== null && n >= 0 && n <= 110 ? n : null;
}

const ENGLISH_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** Other forms people type for small numbers: feminine, accusative, colloquial. */
const OTHER_FORMS: Record<string, number> = { eine: 1, einen: 1, одна: 1, одну: 1, дві: 2, две: 2, обидва: 2, واحده: 1, اثنین: 2, اتنین: 2, ثنتین: 2 };

/**
 * A message that is nothing but a small number, in any of our languages and numeral systems:
 * "2", "zwei", "два", "٢", "۲". Used to pick from a numbered list on plain-text channels.
 */
export function parseChoiceNumber(text: string): number | null {
  const plain = plainWords(normalizeDigits(text)).replace(/[.)]$/, '');
  if (/^\d{1,2}$/.test(plain)) return Number(plain);
  const english = ENGLISH_WORDS.indexOf(plain);
  if (english > 0) return english;
  if (OTHER_FORMS[plain] !== undefined) return OTHER_FORMS[plain];
  return WORD_VALUES.get(plain) ?? null;
}
