import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotAdapter } from '../hosting/botAdapter';
import type { AskService } from '../ask/askService';
import type { Lang } from '../language/languages';
import type { Logger } from '../logging/logger';
import type { SearchService } from '../search/searchService';
import { registerDirectLineRoutes } from './directLineRoutes';
import type { DirectLineService } from '../directline/directLineService';
import { registerAskRoute } from './askRoute';
import { formatRestifyError } from './errors';
import { registerWebChatAssets, type WebChatBundle } from './webChatAssets';
import { registerWebChatPage } from './webChatPage';
import { registerAzureTokenRoute } from './azureTokenRoute';
import type { Translator } from '../language/i18n';
import type { Config } from '../config/config';
import type { RateLimiter } from '../guard/rateLimits';
import { isLoopbackAddress, type TrustedProxies } from '../guard/clientAddress';
import { exceedsDepth, MAX_JSON_DEPTH } from './jsonDepth';
import type { SessionService } from '../auth/sessions';
import type { HandoffEvents } from '../handoff/events';
import type { HandoffService } from '../handoff/handoffService';
import type { MachineTranslator } from '../handoff/machineTranslation';
import { registerAuthRoutes, StaffAuth, type LoginThrottles } from './authRoutes';
import { registerHandoffRoutes } from './handoffRoutes';
import { registerAdminPage, registerAdvisorConsole } from './staffPages';
import { IMPORT_PATH, registerCatalogueRoutes } from './catalogueRoutes';
import { registerReportRoutes } from './reportRoutes';
import { registerPrivacyPage } from './privacyPage';
import { registerPublicDirectory } from './publicDirectory';
import { registerProposalRoutes } from './proposalRoutes';
import { registerMetricsRoute, type Metrics } from './metrics';
import type { ProposalService } from '../catalogue/proposals';
import type { RetentionPolicy } from '../privacy/retention';
import type { Database } from '../db/database';
import type { CatalogueService } from '../catalogue/catalogueService';
import type { UnansweredQuestions } from '../catalogue/unanswered';

export interface HttpDeps {
  adapter: BotAdapter;
  bot: ActivityHandler;
  ask: AskService;
  search: SearchService;
  languages: readonly Lang[];
  logger: Logger;
  isReady: () => boolean;
  /** True when MicrosoftAppId is set: channel requests must carry a token. */
  authRequired: boolean;
  /** Without a token to check, /api/messages still takes activities from other machines. */
  allowRemoteUnauthenticatedMessages: boolean;
  /** Our reverse proxies, whose X-Forwarded-For names the client. */
  proxies: TrustedProxies;
  /** The interface the server listens on (metrics are open only on loopback without a proxy). */
  host: string;
  directLine: DirectLineService;
  connectorSecret: string;
  directLineConfig: Config['directLine'];
  translator: Translator;
  webChatBundle: WebChatBundle | null;
  /** Per-client budgets of the public route groups. */
  rateLimiter: RateLimiter;
  staff: {
    sessions: SessionService;
    loginThrottle: LoginThrottles;
    handoffs: HandoffService;
    events: HandoffEvents;
    machineTranslation: MachineTranslator;
    catalogue: CatalogueService;
    unanswered: UnansweredQuestions;
    db: Database;
    retention: RetentionPolicy;
    erase: (who: { channelId: string; userId: string; conversationId: string }) => Promise<object>;
    proposals: ProposalService;
    metrics: Metrics;
    metricsToken: string;
  };
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

/** Bot Framework caps an activity at 256 KB; anything bigger is not a chat message. */
const MAX_BODY_BYTES = 256 * 1024;

/** Builds the one restify server with every route; listening is the caller's business. */
export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'bildungslotse', handleUncaughtExceptions: false, log: deps.logger.child({ component: 'http' }) as never });
  server.on('restifyError', formatRestifyError(deps.logger));
  // A client that trickles its headers (slowloris) holds a socket; it gets 20 s to send them and
  // two minutes for the whole request (a 12 MB import over a slow line fits).
  server.server.headersTimeout = 20_000;
  server.server.requestTimeout = 120_000;
  // A request answered before its body was read (404, 401, 415...) has the rest discarded, so a
  // client still sending on a kept-alive connection is not reset.
  server.pre((req, res, next) => {
    res.once('finish', () => {
      if (!req.complete) req.resume();
    });
    next();
  });
  // No client of ours compresses what it sends. restify would gunzip without a limit on the
  // unpacked size, and a broken stream throws where nothing catches it: refuse before parsing.
  server.pre((req, res, next) => {
    const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return next();
    req.resume();
    res.header('Accept-Encoding', 'identity');
    res.send(415, { error: { code: 'unsupportedMediaType', message: 'Send the body uncompressed (no Content-Encoding).' } });
    return next(false);
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Imports read their own (larger, binary) body; everything else is small JSON.
  const parsers = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: true });
  const hasBody = (req: Request) => Number(req.header('content-length') || 0) > 0 || req.isChunked();
  // Every body but an import is JSON; other types are refused here, before any parser sees them
  // (restify would otherwise try its CSV and multipart parsers and fail with a 500).
  const isJson = (req: Request) => /^application\/([a-z.+-]+\+)?json(\s*;|$)/i.test(req.header('content-type') ?? '');
  server.use((req, res, next) => {
    if (req.getPath() === IMPORT_PATH || !hasBody(req)) return next();
    if (!isJson(req)) {
      // Read and discard the body, or the socket is reset under a client that is still sending.
      req.resume();
      res.send(415, { error: { code: 'unsupportedMediaType', message: 'Send the body as application/json.' } });
      return next(false);
    }
    chain(parsers, req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) return next(err);
      // Nesting this deep is no message of ours, and would overflow the stack of whatever walks it.
      if (exceedsDepth(req.body, MAX_JSON_DEPTH)) {
        res.send(400, { error: { code: 'badRequest', message: `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.` } });
        return next(false);
      }
      next();
    });
  });

  const limits = deps.rateLimiter;
  const clientOf = (req: Request) => deps.proxies.clientOf(req);

  server.post('/api/messages', limits.middleware('messages'), async (req: Request, res: Response) => {
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
    if (deps.authRequired) {
      // Checked here as well as in the SDK, which answers every failure to check a token with
      // a 500 and a stack trace on stderr: a forged token is the sender's fault (401), a key
      // service we cannot reach is ours and temporary (503, the channel retries).
      try {
        await deps.adapter.authenticate(req.body as Activity, req.header('authorization') ?? '');
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
    }
    const stop = deps.staff.metrics.turnSeconds.startTimer();
    deps.staff.metrics.countTurn(shape.data.channelId, shape.data.type);
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    stop();
  });

  registerAskRoute(server, { ...deps, unanswered: deps.staff.unanswered }, limits.middleware('ask'));
  registerDirectLineRoutes(server, { directLine: deps.directLine, logger: deps.logger, throttle: limits.middleware('chat'), connectorSecret: deps.connectorSecret });
  registerAzureTokenRoute(server, { secret: deps.directLineConfig.azureSecret, domain: deps.directLineConfig.azureDomain, logger: deps.logger, throttle: limits.middleware('chat') });
  registerWebChatAssets(server, deps.webChatBundle);
  registerWebChatPage(server, {
    translator: deps.translator,
    bundle: deps.webChatBundle,
    hasSampleData: () => deps.search.hasSampleOffers(),
    retentionDays: deps.directLineConfig.retentionDays,
    azureDirectLine: deps.directLineConfig.azureSecret !== '',
  });

  const auth = new StaffAuth(deps.staff.sessions);
  registerAuthRoutes(server, { sessions: deps.staff.sessions, logger: deps.logger, throttle: deps.staff.loginThrottle, clientOf, limit: limits.middleware('login') });
  registerHandoffRoutes(server, {
    ...deps.staff,
    auth,
    translator: deps.translator,
    logger: deps.logger,
    labels: (h) => ({
      topicLabel: h.topic ? (deps.search.categories.get(h.topic)?.name.de ?? h.topic) : null,
      townName: h.town ? (deps.search.towns.get(h.town)?.name ?? h.town) : null,
    }),
  });
  registerAdvisorConsole(server);
  registerAdminPage(server);
  registerPublicDirectory(server, { search: deps.search, translator: deps.translator, logger: deps.logger, throttle: limits.middleware('directory') });
  registerPrivacyPage(server, { translator: deps.translator, retention: deps.staff.retention });
  registerMetricsRoute(server, deps.staff.metrics, {
    token: deps.staff.metricsToken,
    // Open without a token only where no proxy can relay a stranger's request as a local one.
    openOnLoopback: isLoopbackAddress(deps.host) && deps.proxies.empty,
  });
  registerProposalRoutes(server, { proposals: deps.staff.proposals, auth, logger: deps.logger });
  registerReportRoutes(server, { db: deps.staff.db, search: deps.search, unanswered: deps.staff.unanswered, auth, logger: deps.logger });
  registerCatalogueRoutes(server, { catalogue: deps.staff.catalogue, unanswered: deps.staff.unanswered, auth, search: deps.search, translator: deps.translator, logger: deps.logger });

  server.get('/healthz', async (_req: Request, res: Response) => {
    if (!deps.isReady()) {
      res.send(503, { status: 'starting' });
      return;
    }
    res.send(200, { status: 'ok', offers: deps.search.offerCount });
  });

  return server;
}

/** From this machine and not relayed by a proxy (which would name the client it forwards for). */
const isDirectlyLocal = (req: Request) => isLoopbackAddress(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;

type Handler = (req: Request, res: Response, next: (err?: unknown) => void) => void;

/** Runs restify handlers one after the other, as `server.use` would. */
function chain(handlers: Handler | Handler[], req: Request, res: Response, done: (err?: unknown) => void): void {
  const list = Array.isArray(handlers) ? handlers : [handlers];
  let i = 0;
  const step = (err?: unknown) => {
    if (err !== undefined && err !== null) return done(err);
    const handler = list[i++];
    if (!handler) return done();
    handler(req, res, step);
  };
  step();
}
