import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { loadLexicon } from '../../src/search/lexicon';
import { TextIndex } from '../../src/search/textIndex';
import { toTokens } from '../../src/text/normalize';
import { DATA_DIR } from '../helpers/files';

/**
 * TextIndex sums each query term's cached hits instead of asking minisearch for the whole
 * question. That must give what minisearch's own OR search over the question's content words
 * gives: the same documents, the same scores, and the same words matched.
 */
describe('TextIndex', () => {
  const seed = readSeedCatalogue(DATA_DIR);
  const { stopwords } = loadLexicon(DATA_DIR);
  type Field = 'title' | 'summary';
  const docs = seed.offers.map((o) => ({ id: o.id, title: Object.values(o.title).join(' '), summary: Object.values(o.summary).join(' ') }));
  const boost = { title: 3, summary: 1 };
  const index = new TextIndex<Field>({ fields: ['title', 'summary'], boost, stopwords });
  index.addAll(docs);

  // The reference: one minisearch OR query, with the options TextIndex documents.
  const vocabulary = new Set(docs.flatMap((d) => [...toTokens(d.title), ...toTokens(d.summary)]));
  const reference = new MiniSearch<(typeof docs)[number]>({ fields: ['title', 'summary'], tokenize: toTokens, processTerm: (t) => (stopwords.has(t) ? null : t) });
  reference.addAll(docs);
  const referenceSearch = (content: string[]) =>
    reference.search(content.join(' '), {
      boost,
      fuzzy: (t) => (t.length >= 6 && !vocabulary.has(t) ? 0.2 : false),
      prefix: (t) => t.length >= 4,
      combineWith: 'OR',
      tokenize: (text) => text.split(' '),
      processTerm: (t) => t,
    });

  const words = [...vocabulary].filter((w) => !stopwords.has(w)).sort();
  const word = fc.oneof(
    fc.constantFrom(...words),
    // A prefix, a typo, a word no offer has, a stop word.
    fc.constantFrom(...words).map((w) => w.slice(0, Math.max(4, w.length - 3))),
    fc.constantFrom(...words.filter((w) => w.length >= 7)).map((w) => w.slice(0, 2) + w.slice(3)),
    fc.constantFrom('quokka', 'zzzzzz', 'und', 'the'),
  );

  it('gives the documents, scores and matched words of minisearch’s own OR search', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), (tokens) => {
        const ours = index.search(tokens);
        const content = index.contentTokens(tokens);
        const theirs = referenceSearch(content);
        assert.deepEqual(ours.map((h) => h.id).sort(), theirs.map((r) => String(r.id)).sort());
        const byId = new Map(theirs.map((r) => [String(r.id), r]));
        for (const hit of ours) {
          const r = byId.get(hit.id)!;
          assert.ok(Math.abs(hit.score - r.score) <= 1e-9 * Math.max(1, r.score), `${hit.id}: ${hit.score} vs ${r.score}`);
          const expected = content.filter((t) => r.terms.includes(t) || r.terms.some((d) => d.startsWith(t)) || r.queryTerms.includes(t));
          assert.deepEqual(hit.matched, expected);
        }
        for (let i = 1; i < ours.length; i++) assert.ok(ours[i - 1]!.score >= ours[i]!.score, 'best first');
      }),
      { numRuns: 300 },
    );
  });

  it('explains a hit the same way when it groups a term’s words by document', () => {
    const grouping = new TextIndex<Field>({ fields: ['title', 'summary'], boost, stopwords, explainsManyHits: true });
    grouping.addAll(docs);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), (tokens) => {
        const explain = (hits: ReturnType<typeof index.search>) => hits.map((h) => [h.id, h.score, h.coverage, h.matched]);
        // Twice: the second reads the groups made for the first.
        for (let round = 0; round < 2; round++) assert.deepEqual(explain(grouping.search(tokens)), explain(index.search(tokens)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives as its best few the first of the full ranking, ties in the same order', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (tokens, limit) => {
        const all = index.search(tokens).map((h) => [h.id, h.score]);
        assert.deepEqual(index.search(tokens, limit).map((h) => [h.id, h.score]), all.slice(0, limit));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a word no document uses as the two words it is made of, and leaves other words whole', () => {
    const local = new TextIndex<'text'>({ fields: ['text'], boost: {}, stopwords });
    local.addAll([
      { id: 'kita', text: 'Kita-Platz beantragen' },
      { id: 'abend', text: 'Deutsch am Abend' },
      { id: 'kurs', text: 'Abendkurs Mathematik' },
    ]);
    assert.deepEqual(local.contentTokens(['kitaplatz']), ['kita', 'platz']);
    assert.deepEqual(local.search(['kitaplatz']).map((h) => h.id), ['kita']);
    // A word some document uses is taken as written, though it could be split.
    assert.deepEqual(local.contentTokens(['abendkurs']), ['abendkurs']);
    // No split into a part shorter than four letters, nor into words no document has.
    assert.deepEqual(local.contentTokens(['abendxyz', 'quokkaplatz']), ['abendxyz', 'quokkaplatz']);
    assert.deepEqual(local.contentTokens(['und', 'platz']), ['platz']);
  });

  it('forgets cached terms when a document changes', () => {
    const local = new TextIndex<Field>({ fields: ['title', 'summary'], boost, stopwords });
    local.addAll(docs.slice(0, 20));
    assert.equal(local.search(['quokkakurs']).length, 0);
    local.upsert({ id: docs[0]!.id, title: 'Quokkakurs', summary: '' });
    assert.deepEqual(local.search(['quokkakurs']).map((h) => h.id), [docs[0]!.id]);
    local.remove(docs[0]!.id);
    assert.equal(local.search(['quokkakurs']).length, 0);
  });
});
