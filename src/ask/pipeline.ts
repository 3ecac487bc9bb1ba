import { detectorFor } from '../language/detect';
import { allTerms } from '../search/lexicon';
import type { SearchService } from '../search/searchService';
import { AskService } from './askService';

export { buildSearch, createSearch, openSearch, saveSearch, type OpenedSearch } from '../search/openSearch';

/** The ask pipeline the bot, /api/ask and the eval share. */
export function createAsk(search: SearchService): AskService {
  return new AskService(search, detectorFor(allTerms(search.lexicon), [...search.towns.values()].map((t) => t.name)));
}


/** A timer as /metrics keeps one (a histogram): starting it returns the stop. */
export interface QuestionTimer {
  startTimer(): () => unknown;
}

/**
 * The same service, each question timed (for /metrics). Takes the timer itself rather than a
 * closure made in the composition root, which would put that root on every question's path.
 */
export function timedAsk(ask: AskService, timer: QuestionTimer): AskService {
  return Object.assign(Object.create(ask) as AskService, {
    ask: async (request: Parameters<AskService['ask']>[0]) => {
      const stop = timer.startTimer();
      try {
        return await ask.ask(request);
      } finally {
        stop();
      }
    },
  });
}
