import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAge } from '../src/language/numbers';

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
