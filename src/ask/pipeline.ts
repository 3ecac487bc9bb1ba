import { detectorFor } from '../language/detect';
import { allTerms } from '../search/lexicon';
import type { SearchService } from '../search/searchService';
import { AskService, type QuestionTimer } from './askService';

export { buildSearch, createSearch, openSearch, saveSearch, type OpenedSearch } from '../search/openSearch';

/** The ask pipeline the bot, /api/ask and the eval share; `timer` times each question for /metrics. */
export function createAsk(search: SearchService, timer?: QuestionTimer): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon), [...search.towns.values()].map((t) => t.name)), timer);
}
