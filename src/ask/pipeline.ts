import { detectorFor } from '../language/detect';
import { allTerms } from '../search/lexicon';
import type { SearchService } from '../search/searchService';
import { AskService } from './askService';

export { buildSearch, createSearch, openSearch, saveSearch, type OpenedSearch } from '../search/openSearch';

/** The ask pipeline the bot, /api/ask and the eval share. */
export function createAsk(search: SearchService): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon), [...search.towns.values()].map((t) => t.name)));
}

