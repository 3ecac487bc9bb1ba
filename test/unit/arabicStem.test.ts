import assert from 'node:assert/strict';
import { arabicStem } from '../../src/text/arabicStem';
import { normalizeText } from '../../src/text/normalize';

const stem = (word: string) => arabicStem(normalizeText(word));

describe('arabicStem', () => {
  it('gives forms of one word from different dialects and persons the same stem', () => {
    // "it costs" in Levantine meets "the cost"; plurals and attached words meet their singular.
    assert.equal(stem('بيكلف'), stem('الكلفة'));
    assert.equal(stem('والتكاليف'), stem('تكاليف'));
    assert.equal(stem('بالمدرسة'), stem('مدرسة'));
    assert.equal(stem('دوراتها'), stem('دورة'));
    // A fused "in" goes too: "بدورة" (in the course) is not "بدور" (I am looking for).
    assert.equal(stem('بدورة'), stem('دورة'));
    assert.notEqual(stem('بدورة'), stem('بدور'));
  });

  it('keeps short words, Latin and Cyrillic words as they are', () => {
    for (const word of ['ذات', 'kita', 'курс', 'b1']) assert.equal(arabicStem(normalizeText(word)), normalizeText(word));
  });

  it('never cuts a word below three letters', () => {
    for (const word of ['الامية', 'والها', 'بيته', 'المانية']) assert.ok(stem(word).length >= 3, `${word} → ${stem(word)}`);
  });
});
