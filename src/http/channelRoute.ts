import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLoopbackAddress } from '../guard/clientAddress';
import type { BotAdapter } from '../hosting/botAdapter';
import type { Logger } from '../logging/logger';

type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => void;

export interface ChannelRouteDeps {
  adapter: BotAdapter;
  bot: ActivityHandler;
  /** True when MicrosoftAppId is set: channel requests must carry a token. */
  authRequired: boolean;
  /** Without a token to check, /api/messages still takes activities from other machines. */
  allowRemoteUnauthenticatedMessages: boolean;
  metrics: { countTurn(channelId: unknown, type: unknown): void; turnSeconds: { startTimer(): () => unknown } };
  logger: Logger;
  /** Per-client request budget of this route. */
  limit: Middleware;
}

/** The least an activity needs for the bot to answer it; the SDK checks the rest. */
const account = z.object({ id: z.string().min(1).max(500) }).passthrough();
const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2000),
    conversation: account,
    from: account.optional(),
    recipient: account.optional(),
    text: z.string().max(20_000).optional(),
    locale: z.string().max(64).optional(),
    name: z.string().max(256).optional(),
  })
  .passthrough();

/** From this machine and not relayed by a proxy (which would name the client it forwards for). */
const isDirectlyLocal = (req: Request) => isLoopbackAddress(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;

/** POST /api/messages: Bot Framework activities from Azure Bot Service's channels (or the Emulator). */
export function registerChannelRoute(server: Server, deps: ChannelRouteDeps): void {
  server.post('/api/messages', deps.limit, async (req: Request, res: Response) => {
    // Without an app id there is no token to check: only the Emulator on this machine may talk to
    // the bot, or anyone could make it post replies to any serviceUrl inside our network.
    if (!deps.authRequired && !deps.allowRemoteUnauthenticatedMessages && !isDirectlyLocal(req)) {
      res.send(403, { error: { code: 'forbidden', message: 'Set MicrosoftAppId to take channel traffic; without it only this machine may post here.' } });
      return;
    }
    // The SDK would reject this too, but prints a stack trace to stderr for each such request;
    // scanners hitting a public endpoint would flood the logs.
    if (deps.authRequired && !/^Bearer\s+\S+/i.test(req.header('authorization') ?? '')) {
      res.send(401, { error: { code: 'unauthorized', message: 'A Bot Framework token is required.' } });
      return;
    }
    const shape = activityShape.safeParse(req.body);
    if (!shape.success) {
      // The SDK answers a malformed activity with a 500; it is the sender's mistake.
      const issue = shape.error.issues[0];
      res.send(400, { error: { code: 'badRequest', message: `Not a Bot Framework activity (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).` } });
      return;
    }
    // Checked here, once, rather than inside the SDK's turn, which answers every failure to check
    // a token with a 500 and a stack trace on stderr: a forged token is the sender's fault (401),
    // a key service we cannot reach is ours and temporary (503, the channel retries). Without an
    // app id the check passes every request, as the SDK's would.
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await deps.adapter.authenticate(req.body as Activity, req.header('authorization') ?? '');
    } catch (err) {
      if (err instanceof AuthenticationError) {
        res.send(401, { error: { code: 'unauthorized', message: 'The Bot Framework token is not valid.' } });
      } else {
        deps.logger.warn({ err: (err as Error).message }, 'Bot Framework token cannot be checked now');
        res.header('Retry-After', '30');
        res.send(503, { error: { code: 'unavailable', message: 'The token cannot be checked right now; please retry.' } });
      }
      return;
    }
    const stop = deps.metrics.turnSeconds.startTimer();
    deps.metrics.countTurn(shape.data.channelId, shape.data.type);
    try {
      const invoke = await deps.adapter.processChecked(req.body as Activity, authenticated, (context) => deps.bot.run(context));
      // As the SDK's own `process` answers: an invoke's status and body, otherwise 200.
      res.status(invoke?.status ?? 200);
      if (invoke?.body) res.send(invoke.body);
      res.end();
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'turn could not run');
      res.send(500, { error: { code: 'internal', message: 'The message could not be handled.' } });
    } finally {
      stop();
    }
  });

}
