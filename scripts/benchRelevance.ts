/**
 * Relevance against plain minisearch, both ways it is commonly set up: AND (every word must
 * match, Integreat's setting) and OR (any word may; over a six-language catalogue the stronger
 * baseline). Same seed catalogue, same questions, scored the same way; printed by `npm run bench`.
 */
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type { AskResult } from '../src/ask/askService';
import { createAsk, createSearch } from '../src/ask/pipeline';
import { readSeedCatalogue } from '../src/catalogue/seed';
import type { Answer, Offer } from '../src/catalogue/types';
import { LANGUAGES } from '../src/language/languages';
import { distanceKm } from '../src/search/geo';
import { isVisible } from '../src/search/offerFacts';
import { EVAL_AS_OF } from './evalCore';

type Combine = 'AND' | 'OR';
interface Labelled { id: string; text: string; intent: string; cats: string[]; town?: string | null }
interface AnswerQuestion { id: string; text: string; answer: string; also?: string[] }

const readJsonl = <T>(file: string): T[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T) : [];

/** Plain minisearch as a newcomer-facing search would set it up: title boosted, typos and prefixes allowed. */
function plainOffers(offers: Offer[], combineWith: Combine) {
  const mini = new MiniSearch<{ id: string; title: string; content: string }>({ fields: ['title', 'content'] });
  mini.addAll(offers.map((o) => ({ id: o.id, title: Object.values(o.title).join(' '), content: Object.values(o.summary).join(' ') })));
  const byId = new Map(offers.map((o) => [o.id, o]));
  return (q: string) => mini.search(q, { boost: { title: 2 }, fuzzy: 0.25, prefix: true, combineWith }).map((h) => byId.get(String(h.id))!);
}

/** The same over the answers: each answer one document of its question variants and its text, all languages. */
function plainAnswers(answers: readonly Answer[], combineWith: Combine) {
  const mini = new MiniSearch<{ id: string; questions: string; text: string }>({ fields: ['questions', 'text'] });
  mini.addAll(answers.map((a) => ({ id: a.id, questions: Object.values(a.questions).flat().join(' '), text: Object.values(a.answer).join(' ') })));
  return (q: string) => String(mini.search(q, { boost: { questions: 2 }, fuzzy: 0.25, prefix: true, combineWith })[0]?.id ?? '');
}

export async function relevanceAgainstMinisearch(root: string, say: (line?: string) => void): Promise<void> {
  const data = path.join(root, 'data');
  const seed = readSeedCatalogue(data);
  const search = createSearch(seed, data);
  search.today = () => EVAL_AS_OF;
  const ask = createAsk(search);
  const offers = seed.offers.filter((o) => isVisible(o, EVAL_AS_OF));
  const own = [...readJsonl<Labelled>(path.join(root, 'eval', 'questions.jsonl')), ...readJsonl<Labelled>(path.join(root, 'eval', 'holdout.jsonl'))];
  const answerSet = readJsonl<AnswerQuestion>(path.resolve(root, '..', 'shared', 'eval', 'answer_questions.jsonl'));

  /** `answer` is the reply's answer (ours decides whether to answer at all); `bestAnswer` the best-ranked one regardless. */
  type Ranker = { name: string; offers: (text: string) => Offer[]; answer: (text: string) => string; bestAnswer: (text: string) => string };
  // Our replies are asked for first (asking reads offers from the store), the measures below read them.
  const replies = new Map<string, AskResult>();
  for (const text of new Set([...own.map((q) => q.text), ...answerSet.map((q) => q.text)])) replies.set(text, await ask.ask({ text, limit: 3, supported: LANGUAGES }));
  const reply = (text: string) => replies.get(text)!;
  const ours: Ranker = {
    name: 'ours',
    offers: (text) => reply(text).offers.map((o) => o.offer),
    answer: (text) => {
      const r = reply(text);
      return r.intent === 'answer' ? (r.answer?.id ?? '') : '';
    },
    bestAnswer: (text) => search.matchAnswers(search.analyze(text))[0]?.answerId ?? '',
  };
  const plain = (combine: Combine): Ranker => {
    const answer = plainAnswers(seed.answers, combine);
    return { name: `minisearch ${combine}`, offers: plainOffers(offers, combine), answer, bestAnswer: answer };
  };
  const rankers = [ours, plain('AND'), plain('OR')];

  const offerQuestions = own.filter((q) => q.intent === 'offers' && q.cats.length);
  const townQuestions = offerQuestions.filter((q) => q.town);
  // Questions naming a wish or a level, as our analyser reads them; the baselines are held to the same reading.
  const constraintQuestions = offerQuestions
    .map((q) => ({ q, a: search.analyze(q.text) }))
    .filter(({ a }) => a.facets.length > 0 || a.levels.length > 0);
  const near = (offer: Offer | undefined, townId: string) => {
    const from = search.towns.get(townId);
    const at = offer && search.towns.get(offer.townId);
    return !!offer && offer.mode === 'onsite' && !!from && !!at && distanceKm(from, at) <= 15;
  };
  const percent = (hits: number, of: number) => (of ? `${((100 * hits) / of).toFixed(1)} %` : '–');

  const rows: [string, number, (r: Ranker) => string][] = [
    ['offer of an asked topic in the top 3 (own and held-out offer questions)', offerQuestions.length, (r) =>
      percent(offerQuestions.filter((q) => r.offers(q.text).slice(0, 3).some((o) => o.categories.some((c) => q.cats.includes(c)))).length, offerQuestions.length)],
    ['first offer on site within 15 km of the asked town', townQuestions.length, (r) =>
      percent(townQuestions.filter((q) => near(r.offers(q.text)[0], q.town!)).length, townQuestions.length)],
    ['of the top 3, offers meeting every wish and level named (evening, free, childcare, women only, A1…)', constraintQuestions.length, (r) => {
      let fit = 0;
      let shown = 0;
      for (const { q, a } of constraintQuestions) {
        for (const o of r.offers(q.text).slice(0, 3)) {
          shown++;
          if (a.facets.every((f) => o[f]) && (a.levels.length === 0 || a.levels.some((l) => o.levels.includes(l)))) fit++;
        }
      }
      return `${percent(fit, shown)} of ${shown}`;
    }],
    ['the reply is the expected catalogue answer (../shared answer set, six languages; ours decides first whether to answer)', answerSet.length, (r) =>
      percent(answerSet.filter((q) => [q.answer, ...(q.also ?? [])].includes(r.answer(q.text))).length, answerSet.length)],
    ['the best-ranked answer is the expected one (the same set, ranking alone)', answerSet.length, (r) =>
      percent(answerSet.filter((q) => [q.answer, ...(q.also ?? [])].includes(r.bestAnswer(q.text))).length, answerSet.length)],
  ];

  say('## Relevance: ours against plain minisearch, AND and OR');
  say('');
  say(`The seed catalogue (${offers.length} offers, ${seed.answers.length} answers, six languages) as of ${EVAL_AS_OF}. Minisearch indexes titles (boost 2) and summaries, or each answer's variants (boost 2) and text, with fuzzy 0.25 and prefix search; its best-scored hits are taken as they come.`);
  say('');
  say(`| measure | questions | ${rankers.map((r) => r.name).join(' | ')} |`);
  say(`| --- | --: | ${rankers.map(() => '--:').join(' | ')} |`);
  for (const [label, n, measure] of rows) say(`| ${label} | ${n} | ${rankers.map(measure).join(' | ')} |`);
  say('');
}
