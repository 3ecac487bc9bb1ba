import { detectorFor } from '../language/detect';
import { allTerms, loadLexicon } from '../search/lexicon';
import { SearchService, type SearchCatalogue } from '../search/searchService';
import { loadTownAliases } from '../search/townAliases';
import { AskService } from './askService';

/** Search over a catalogue with the lexicon and town aliases from `dataDir`. */
export function createSearch(catalogue: SearchCatalogue, dataDir: string): SearchService {
  const aliases = loadTownAliases(dataDir, new Set(catalogue.towns.map((t) => t.id)));
  return new SearchService(catalogue, loadLexicon(dataDir), aliases);
}

/** The ask pipeline the bot, /api/ask and the eval share. */
export function createAsk(search: SearchService): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon)));
}
