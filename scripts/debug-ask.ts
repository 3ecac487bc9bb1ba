/** Shows how one question is understood: `npx tsx scripts/debug-ask.ts "Was kostet ein Kitaplatz?"` */
import path from 'node:path';
import { createAsk, createSearch } from '../src/ask/pipeline';
import { readSeedCatalogue } from '../src/catalogue/seed';
import { LANGUAGES } from '../src/language/languages';

const dataDir = path.resolve(__dirname, '..', 'data');
const search = createSearch(readSeedCatalogue(dataDir), dataDir);
const ask = createAsk(search);
void (async () => {
  for (const text of process.argv.slice(2)) {
    const analysis = search.analyze(text);
    const result = await ask.ask({ text, supported: LANGUAGES });
    console.log(JSON.stringify({ text, analysis, answers: search.matchAnswers(analysis) }, null, 1));
    console.log(result.lang, result.intent, result.confidence, result.answer?.id, result.offers.map((o) => `${o.offer.id}:${o.offer.categories.join('+')}`).join(' '));
  }
})();
