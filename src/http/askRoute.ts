import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AskResult, AskService } from '../ask/askService';
import { pickText } from '../catalogue/localized';
import { LANGUAGES, type Lang } from '../language/languages';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import type { SearchService } from '../search/searchService';
import { sendError } from './errors';

/** The longest question the API takes; longer is almost certainly not a question. */
export const MAX_ASK_LENGTH = 2000;

const askBody = z.object({
  text: z.string().max(MAX_ASK_LENGTH, `text must be at most ${MAX_ASK_LENGTH} characters`),
  lang: z.enum(LANGUAGES).optional(),
  town: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export interface AskResponse {
  lang: Lang;
  intent: AskResult['intent'];
  confidence: number;
  town: string | null;
  categories: string[];
  total: number;
  sampleData: boolean;
  offers: {
    id: string;
    title: string;
    categories: string[];
    town: string;
    score: number;
    distanceKm: number | null;
    provider: string;
    url: string | null;
    sample: boolean;
  }[];
  answer: { id: string; category: string; text: string; lang: Lang } | null;
}

/** POST /api/ask: the same understanding and search the bot uses, as JSON. */
export function registerAskRoute(
  server: Server,
  deps: { ask: AskService; search: SearchService; languages: readonly Lang[]; logger: Logger; unanswered?: { record(text: string, lang: Lang): Promise<void> } },
  throttle: (req: Request, res: Response, next: (err?: unknown) => void) => void,
): void {
  server.post('/api/ask', throttle, async (req: Request, res: Response) => {
    try {
      const parsed = askBody.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('validationFailed', issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid body');
      }
      const { text, lang, town, limit } = parsed.data;
      if (town !== undefined && !deps.search.towns.has(town)) {
        throw new AppError('validationFailed', `town: unknown town id "${town.slice(0, 64)}"`);
      }
      const result = await deps.ask.ask({ text, lang, townId: town, limit: limit ?? 5, supported: deps.languages });
      const foundNothing = (result.intent === 'unknown' || result.intent === 'offers') && result.offers.length === 0 && !result.answer;
      if (foundNothing && !result.unsupportedLanguage) await deps.unanswered?.record(text, result.lang);
      res.send(200, toResponse(result, deps.search));
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}

function toResponse(result: AskResult, search: SearchService): AskResponse {
  return {
    lang: result.lang,
    intent: result.intent,
    confidence: result.confidence,
    town: result.townId,
    categories: result.categories,
    total: result.total,
    sampleData: result.offers.some((o) => o.offer.sample),
    offers: result.offers.map(({ offer, score, distanceKm }) => ({
      id: offer.id,
      title: pickText(offer.title, result.lang).text,
      categories: offer.categories,
      town: offer.townId,
      score,
      distanceKm,
      provider: search.getProvider(offer.providerId)?.name ?? offer.providerId,
      url: offer.url,
      sample: offer.sample,
    })),
    answer: result.answer
      ? { id: result.answer.id, category: result.answer.category, text: result.answer.text, lang: result.answer.textLang }
      : null,
  };
}
