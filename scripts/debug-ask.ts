/** Shows how one question is understood: `npx tsx scripts/debug-ask.ts "Was kostet ein Kitaplatz?"` */
import path from 'node:path';
import { AskService } from '../src/ask/askService';
import { readSeedCatalogue } from '../src/catalogue/seed';
import { LANGUAGES } from '../src/catalogue/types';
import { detectorFor } from '../src/language/detect';
import { allTerms, loadLexicon } from '../src/search/lexicon';
import { SearchService } from '../src/search/searchService';
import { loadTownAliases } from '../src/search/townAliases';

const dataDir = path.resolve(__dirname, '..', 'data');
const seed = readSeedCatalogue(dataDir);
const search = new SearchService(seed, loadLexicon(dataDir), loadTownAliases(dataDir, new Set(seed.towns.map((t) => t.id))));
const ask = new AskService(search, detectorFor(allTerms(search.lexicon)));
for (const text of process.argv.slice(2)) {
  const analysis = search.analyze(text);
  const result = ask.ask({ text, supported: LANGUAGES });
  console.log(JSON.stringify({ text, analysis, answers: search.matchAnswers(analysis) }, null, 1));
  console.log(result.lang, result.intent, result.confidence, result.answer?.id, result.offers.map((o) => `${o.offer.id}:${o.offer.categories.join('+')}`).join(' '));
}
