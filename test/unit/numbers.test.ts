import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAge, parseChoiceNumber } from '../../src/language/numbers';

describe('parseAge', () => {
  const cases: [string, Parameters<typeof parseAge>[1], number][] = [
    ['Ich bin 25', 'de', 25],
    ['sechzehn Jahre', 'de', 16],
    ['I am 25 years old', 'en', 25],
    ['my son is sixteen', 'en', 16],
    ['мені 16 років', 'uk', 16],
    ['шістнадцять', 'uk', 16],
    ['мне семнадцать лет', 'ru', 17],
    ['عمري ١٧ سنة', 'ar', 17],
    ['عمري خمسة عشر', 'ar', 15],
    ['۱۶ ساله', 'fa', 16],
    ['پانزده سال دارم', 'fa', 15],
  ];
  for (const [text, lang, age] of cases) {
    it(`reads ${age} from "${text}" (${lang})`, () => assert.equal(parseAge(text, lang), age));
  }

  it('gives null when there is no number or an impossible age', () => {
    assert.equal(parseAge('weiß ich nicht', 'de'), null);
    assert.equal(parseAge('I am 999 years old', 'en'), null);
  });

  it('reads the same age from ASCII, Eastern Arabic and Persian digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 110 }), (n) => {
        const ascii = String(n);
        const arabic = ascii.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)));
        const persian = ascii.replace(/\d/g, (d) => String.fromCharCode(0x6f0 + Number(d)));
        return parseAge(`عمري ${arabic} سنة`, 'ar') === n && parseAge(`${persian} ساله`, 'fa') === n && parseAge(`Ich bin ${ascii}`, 'de') === n;
      }),
    );
  });
});

describe('parseAge and parseChoiceNumber on any wording', () => {
  const WORDS: Record<'de' | 'uk' | 'ru' | 'fa', string[]> = {
    de: ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn', 'zwanzig'],
    uk: ['нуль', 'один', 'два', 'три', 'чотири', "п'ять", 'шість', 'сім', 'вісім', "дев'ять", 'десять', 'одинадцять', 'дванадцять', 'тринадцять', 'чотирнадцять', "п'ятнадцять", 'шістнадцять', 'сімнадцять', 'вісімнадцять', "дев'ятнадцять", 'двадцять'],
    ru: ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать', 'двадцать'],
    fa: ['صفر', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه', 'ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده', 'بیست'],
  };
  const lang = fc.constantFrom(...(Object.keys(WORDS) as (keyof typeof WORDS)[]));
  const filler = fc.constantFrom('', 'ich bin', 'мені', 'мне', 'من', 'Jahre', 'років', 'лет', 'سال', 'ungefähr', '!');

  it('reads a number word as written in capitals, between other words and with punctuation', () => {
    fc.assert(
      fc.property(lang, fc.integer({ min: 0, max: 20 }), filler, filler, fc.boolean(), (l, n, before, after, upper) => {
        const word = upper ? WORDS[l][n]!.toUpperCase() : WORDS[l][n]!;
        assert.equal(parseAge(`${before} ${word}, ${after}`, l), n);
      }),
      { numRuns: 500 },
    );
  });

  it('picks a choice typed as a digit in any numeral system or as a word in any language', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), lang, fc.constantFrom('', '.', ')'), fc.constantFrom('', ' ', '  '), (n, l, mark, space) => {
        const forms = [String(n), String.fromCharCode(0x660 + n), String.fromCharCode(0x6f0 + n), WORDS[l][n]!];
        for (const form of forms) assert.equal(parseChoiceNumber(`${space}${form}${mark}${space}`), n, form);
      }),
      { numRuns: 300 },
    );
  });

  it('never reads a number where there is none, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), lang, (text, l) => {
        const age = parseAge(text, l);
        assert.ok(age === null || (Number.isInteger(age) && age >= 0 && age <= 110));
        const choice = parseChoiceNumber(text);
        assert.ok(choice === null || (Number.isInteger(choice) && choice >= 0), `choice ${choice}`);
      }),
      { numRuns: 1000 },
    );
  });
});
