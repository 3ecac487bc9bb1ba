import type { Request, Response, Server } from 'restify';
import { AppError } from '../errors';
import { sendError } from './errors';
import type { Logger } from '../logging/logger';

type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => void;

/**
 * With DIRECTLINE_SECRET set, the page uses Azure's Direct Line: the secret never leaves the
 * server, which trades it for a short-lived token bound to a fresh conversation.
 */
export function registerAzureTokenRoute(
  server: Server,
  deps: { secret: string; domain: string; logger: Logger; throttle: Middleware },
): void {
  server.post('/api/directline/token', deps.throttle, async (_req: Request, res: Response) => {
    try {
      if (!deps.secret) throw new AppError('notFound', 'Azure Direct Line is not configured; the page uses the built-in service.');
      const response = await fetch(`${deps.domain}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deps.secret}`, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new AppError('notReady', `Direct Line answered ${response.status}`);
      const body = (await response.json()) as { token?: string; conversationId?: string; expires_in?: number };
      if (!body.token) throw new AppError('notReady', 'Direct Line gave no token');
      res.send(200, { token: body.token, conversationId: body.conversationId, expires_in: body.expires_in });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}
