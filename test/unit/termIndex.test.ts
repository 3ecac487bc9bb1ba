import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { editDistance } from '../../src/text/editDistance';
import { loadLexicon } from '../../src/search/lexicon';
import { TermIndex } from '../../src/search/termIndex';
import { matchTerm } from '../../src/search/termMatcher';
import type { LexiconTerm } from '../../src/search/lexicon';
import { DATA_DIR } from '../helpers/files';

/** The textbook full-matrix distance, to check the banded one against. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe('editDistance with a bound', () => {
  it('gives the exact distance when it is within the bound, and more than the bound otherwise', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ä', 'д'), maxLength: 14 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const exact = referenceDistance(a, b);
        const bounded = editDistance(a, b, max);
        return exact <= max ? bounded === exact : bounded > max;
      }),
      { numRuns: 5000 },
    );
  });
});

describe('TermIndex', () => {
  const lexicon = loadLexicon(DATA_DIR);
  const terms: LexiconTerm[] = [...Object.values(lexicon.categories).flat(), ...Object.values(lexicon.intents).flat()];
  const index = new TermIndex(terms);
  const strictIndex = new TermIndex(terms, true);
  const words = [...new Set(terms.flatMap((t) => t.tokens))];

  /** What matching every term one by one gives: the definition the index must keep. */
  const oneByOne = (tokens: string[], strict: boolean) =>
    terms.flatMap((term) => {
      const match = matchTerm(tokens, term, strict);
      return match ? [{ term, match }] : [];
    });

  // Lexicon words as they are, misspelt, inflected, in compounds, with an Arabic clitic, and noise.
  const token = fc.oneof(
    fc.constantFrom(...words),
    fc.tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom('', 'e', 'x', 'n')).map(([w, i, c]) => {
      const at = i % (w.length + 1);
      return w.slice(0, at) + c + w.slice(at + 1);
    }),
    fc.tuple(fc.constantFrom(...words), fc.constantFrom('s', 'en', 'innen', 'kurs', 'lehrer')).map(([w, end]) => w + end),
    fc.tuple(fc.constantFrom('abend', 'sprach', 'kinder'), fc.constantFrom(...words)).map(([head, w]) => head + w),
    fc.constantFrom(...words.filter((w) => /^[\u0600-\u06FF]/.test(w))).map((w) => `بال${w}`),
    fc.string({ unit: fc.constantFrom('a', 'e', 'k', 'u', 'r', 's'), minLength: 1, maxLength: 9 }),
  );

  it('finds exactly the terms, qualities and positions that matching term by term finds', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), fc.boolean(), (tokens, strict) => {
        assert.deepEqual((strict ? strictIndex : index).matchAll(tokens), oneByOne(tokens, strict));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds phrases only with their words adjacent and in order', () => {
    const phrase = terms.find((t) => t.tokens.length === 2)!;
    const [first, second] = phrase.tokens;
    assert.ok(index.matchAll([first!, second!]).some((m) => m.term === phrase));
    assert.ok(!index.matchAll([second!, first!]).some((m) => m.term === phrase));
    assert.ok(!index.matchAll([first!, 'und', second!]).some((m) => m.term === phrase));
  });
});
