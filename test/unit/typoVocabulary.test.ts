import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bitCount } from '../../src/text/bits';
import { editDistance } from '../../src/text/editDistance';
import { letterSet, TypoVocabulary } from '../../src/text/typoVocabulary';

/** Every word within reach, compared one by one: what the letter sets must not change. */
function bruteForce(words: readonly string[], term: string, typos: (length: number) => number, transpositions: boolean): [string, number][] {
  const near: [string, number][] = [];
  const lengths = [...new Set(words.map((w) => w.length))].sort((a, b) => a - b);
  for (const length of lengths) {
    const max = typos(length);
    if (max <= 0 || Math.abs(length - term.length) > max) continue;
    for (const word of words) {
      if (word.length !== length || word === term) continue;
      const distance = editDistance(term, word, max, transpositions);
      if (distance <= max) near.push([word, distance]);
    }
  }
  return near;
}

describe('TypoVocabulary', () => {
  // Letters that share a bit of the letter set (a, ä and q; д and d) are among them on purpose.
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'q', 'ä', 'd', 'д', 'ж', 'س'), minLength: 1, maxLength: 12 });

  it('finds exactly the words, distances and order that comparing every word finds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 40 }), word, fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.boolean(), (words, term, most, byLength, transpositions) => {
        // A fixed budget (the offers' index) or one by length (the lexicon's and the towns').
        const typos = byLength ? (length: number) => Math.min(most, Math.floor(length / 3)) : () => most;
        const found: [string, number][] = [];
        new TypoVocabulary(words).forEachNear(term, typos, (w, d) => found.push([w, d]), transpositions);
        assert.deepEqual(found, bruteForce(words, term, typos, transpositions));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a misspelt town or course word and leaves unrelated words of the same length out', () => {
    const vocabulary = new TypoVocabulary(['freiberg', 'freital', 'hainichen', 'integrationskurs', 'integrationskurse', 'orientierungskurs']);
    const near = (term: string, max: number) => {
      const found: string[] = [];
      vocabulary.forEachNear(term, () => max, (w) => found.push(w));
      return found;
    };
    assert.deepEqual(near('frieberg', 1), ['freiberg']);
    assert.deepEqual(near('integrationskrus', 2), ['integrationskurs', 'integrationskurse']);
    assert.deepEqual(near('hainichen', 2), []);
  });

  it('bounds the edits by the letters two words do not share', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        let differing = letterSet(a) ^ letterSet(b);
        let bits = 0;
        for (; differing !== 0; differing &= differing - 1) bits++;
        assert.ok(bits <= 2 * editDistance(a, b, Infinity, false), `${a} / ${b}`);
        assert.equal(bitCount(letterSet(a) ^ letterSet(b)), bits);
      }),
      { numRuns: 1000 },
    );
  });
});
