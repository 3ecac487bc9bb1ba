import assert from 'node:assert/strict';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { PostingsIndex, type TermQuery } from '../../src/search/postingsIndex';
import { editDistance } from '../../src/text/editDistance';

type Field = 'title' | 'summary';
type Doc = { id: string; title: string; summary: string };

const STOP = new Set(['und', 'the']);
const tokenize = (text: string) => text.split(' ').filter((t) => t.length > 0);
const processTerm = (t: string) => (STOP.has(t) ? null : t);
const BOOST = { title: 3, summary: 1 };

function postingsOf(docs: Doc[]): PostingsIndex<Field> {
  const index = new PostingsIndex<Field>({ fields: ['title', 'summary'], tokenize, processTerm });
  for (const doc of docs) index.add(doc);
  return index;
}

function minisearchOf(docs: Doc[]): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>({ fields: ['title', 'summary'], tokenize, processTerm });
  mini.addAll(docs);
  return mini;
}

/** One term's hits by document id, each with the words it matched by: the shape minisearch gives. */
function resultsOf(index: PostingsIndex<Field>, term: string, query: TermQuery<Field>): Map<string, { score: number; terms: string[] }> {
  const hits = index.hits(term, query);
  return new Map([...hits.docs].map((n, i) => [index.idOf(n), { score: hits.scores[i]!, terms: index.wordsIn(n, hits.words) }]));
}

/** What minisearch gives for one term, in that shape. */
function miniResults(mini: MiniSearch<Doc>, term: string, prefix: boolean, fuzzy: number | false) {
  const found = mini.search(term, { boost: BOOST, prefix, fuzzy: fuzzy === false ? false : fuzzy, maxFuzzy: 6, tokenize: (t) => [t], processTerm: (t) => t });
  return new Map(found.map((r) => [String(r.id), { score: r.score, terms: [...r.terms].sort() }]));
}

function assertSame(ours: Map<string, { score: number; terms: string[] }>, theirs: Map<string, { score: number; terms: string[] }>): void {
  assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
  for (const [id, r] of theirs) {
    const o = ours.get(id)!;
    assert.ok(Math.abs(o.score - r.score) <= 1e-9 * Math.max(1, r.score), `${id}: ${o.score} vs ${r.score}`);
    assert.deepEqual([...o.terms].sort(), [...r.terms].sort());
  }
}

const word = fc.constantFrom('kurs', 'kurse', 'kursus', 'deutsch', 'deutschkurs', 'deutsh', 'abend', 'abendkurs', 'kita', 'kitas', 'und', 'the', 'freiberg', 'freiburg', 'integration', 'integrationskurs');
const text = fc.array(word, { maxLength: 8 }).map((w) => w.join(' '));
const docs = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 60 }).map(String), title: text, summary: text }), { selector: (d) => d.id, minLength: 1, maxLength: 25 });

describe('PostingsIndex', () => {
  it('scores every document exactly as minisearch does, for exact, prefix and fuzzy matches', () => {
    fc.assert(
      fc.property(docs, word, fc.boolean(), fc.constantFrom<number | false>(false, 1, 2), (list, term, prefix, fuzzy) => {
        const ours = resultsOf(postingsOf(list), term, { boost: BOOST, prefix, fuzzy });
        // minisearch reads a fuzzy number below 1 as a share of the word's length; 1 and 2 are edits.
        assertSame(ours, miniResults(minisearchOf(list), term, prefix, fuzzy));
      }),
      { numRuns: 300 },
    );
  });

  it('after removing and replacing documents, scores as an index built without them', () => {
    fc.assert(
      fc.property(docs, fc.array(fc.nat(), { maxLength: 10 }), word, (list, picks, term) => {
        const index = postingsOf(list);
        const removed = new Set(picks.map((p) => list[p % list.length]!.id));
        for (const id of removed) index.remove(id);
        const rest = list.filter((d) => !removed.has(d.id));
        // Replacing a document with itself changes nothing a search can see.
        for (const doc of rest.slice(0, 3)) index.replace(doc);
        const query = { boost: BOOST, prefix: true, fuzzy: 1 as const };
        assertSame(resultsOf(index, term, query), resultsOf(postingsOf(rest), term, query));
        assert.equal(index.documentCount, rest.length);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same results after a snapshot is restored, with no document it removed', () => {
    const list: Doc[] = [
      { id: 'a', title: 'deutschkurs abend', summary: 'kurs und kita' },
      { id: 'b', title: 'kita freiberg', summary: 'kitas' },
      { id: 'c', title: 'integrationskurs', summary: 'deutsch kurs' },
    ];
    const index = postingsOf(list);
    index.remove('b');
    const copy = new PostingsIndex<Field>({ fields: ['title', 'summary'], tokenize, processTerm });
    copy.restore(structuredClone(index.snapshot()));
    for (const term of ['kurs', 'kita', 'deutsh', 'abend']) {
      const query = { boost: BOOST, prefix: true, fuzzy: 1 as const };
      assertSame(resultsOf(copy, term, query), resultsOf(index, term, query));
    }
    assert.equal(copy.has('b'), false);
    copy.add({ id: 'd', title: 'kurs', summary: '' });
    assert.ok(resultsOf(copy, 'kurs', { boost: BOOST, prefix: false, fuzzy: false }).has('d'), 'a restored index takes new documents');
  });

  it('refuses a snapshot of other fields or with cut arrays', () => {
    const snapshot = postingsOf([{ id: 'a', title: 'kurs', summary: 'kita' }]).snapshot();
    const other = new PostingsIndex<'name'>({ fields: ['name'], tokenize, processTerm });
    assert.throws(() => other.restore(snapshot));
    const index = new PostingsIndex<Field>({ fields: ['title', 'summary'], tokenize, processTerm });
    assert.throws(() => index.restore({ ...snapshot, docs: new Uint32Array(0) }));
    assert.throws(() => index.restore({ ...snapshot, counts: snapshot.counts.subarray(1) }));
  });

  it('counts typo edits as Levenshtein does, without transpositions', () => {
    assert.equal(editDistance('freiberg', 'frieberg', 3, false), 2);
    assert.equal(editDistance('kurs', 'kurse', 3, false), 1);
    assert.equal(editDistance('kita', 'kurs', 2, false), 3);
  });
});
