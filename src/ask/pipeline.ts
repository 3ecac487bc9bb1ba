import { detectorFor } from '../language/detect';
import { allTerms } from '../search/lexicon';
import type { SearchService } from '../search/searchService';
import { AskService } from './askService';

export { buildSearch, createSearch, openSearch, saveSearch, type OpenedSearch } from '../search/openSearch';

/** The ask pipeline the bot, /api/ask and the eval share. */
export function createAsk(search: SearchService): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon), [...search.towns.values()].map((t) => t.name)));
}


/** The same service, each question timed (for /metrics): `startTimer` returns the stop. */
export function timedAsk(ask: AskService, startTimer: () => () => unknown): AskService {
  return Object.assign(Object.create(ask) as AskService, {
    ask: async (request: Parameters<AskService['ask']>[0]) => {
      const stop = startTimer();
      try {
        return await ask.ask(request);
      } finally {
        stop();
      }
    },
  });
}
