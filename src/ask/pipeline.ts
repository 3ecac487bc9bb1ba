import { AnswerRepository } from '../catalogue/answerRepository';
import { OfferRepository } from '../catalogue/offerRepository';
import { ProviderRepository } from '../catalogue/providerRepository';
import { TaxonomyRepository } from '../catalogue/taxonomyRepository';
import type { Database } from '../db/database';
import { detectorFor } from '../language/detect';
import { allTerms, loadLexicon } from '../search/lexicon';
import { SearchService, type IndexPersistence, type SearchCatalogue } from '../search/searchService';
import { loadTownAliases } from '../search/townAliases';
import { AskService } from './askService';

/** Search over a catalogue with the lexicon and town aliases from `dataDir`. */
export function createSearch(catalogue: SearchCatalogue, dataDir: string, persistence?: IndexPersistence): SearchService {
  const aliases = loadTownAliases(dataDir, new Set(catalogue.towns.map((t) => t.id)));
  return new SearchService(catalogue, loadLexicon(dataDir), aliases, persistence);
}

/** The ask pipeline the bot, /api/ask and the eval share. */
export function createAsk(search: SearchService): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon), [...search.towns.values()].map((t) => t.name)));
}

/** Builds search services from the catalogue in the database. */
export async function buildSearch(db: Database, dataDir: string, persistence?: IndexPersistence): Promise<SearchService> {
  const taxonomy = new TaxonomyRepository(db);
  const [towns, categories, providers, offers, answers] = await Promise.all([
    taxonomy.listTowns(),
    taxonomy.listCategories(),
    new ProviderRepository(db).list(),
    new OfferRepository(db).list(),
    new AnswerRepository(db).list(),
  ]);
  return createSearch({ towns, categories, providers, offers, answers }, dataDir, persistence);
}

