import restify, { type Request, type Response, type Server } from 'restify';
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
import type { WebChatStrings } from './webChatStrings';
import { registerAzureTokenRoute } from './azureTokenRoute';
import type { Translator } from '../language/i18n';
import type { Config } from '../config/config';
import type { RateLimiter } from '../guard/rateLimits';
import { isLoopbackAddress, type TrustedProxies } from '../guard/clientAddress';
import { exceedsDepth, MAX_JSON_DEPTH } from './jsonDepth';
import type { SessionService } from '../auth/sessions';
import { registerAuthRoutes, StaffAuth, type LoginThrottles } from './authRoutes';
import { registerHandoffRoutes, type HandoffRouteDeps } from './handoffRoutes';
import { registerChannelRoute, type ChannelRouteDeps } from './channelRoute';
import { registerAdminPage, registerAdvisorConsole, registerStaffShared } from './staffPages';
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

/** What the routes need, grouped by route group: each group is handed only its own part. */
export interface HttpDeps {
  logger: Logger;
  isReady: () => boolean;
  /** Shared by several groups: the catalogue's search and the translations. */
  search: SearchService;
  translator: Translator;
  /** Who a client is behind our proxies, and what each may ask for. */
  edge: { proxies: TrustedProxies; rateLimiter: RateLimiter; host: string };
  channel: Omit<ChannelRouteDeps, 'logger' | 'limit'>;
  ask: { ask: AskService; languages: readonly Lang[]; unanswered: UnansweredQuestions };
  webChat: { directLine: DirectLineService; connectorSecret: string; config: Config['directLine']; bundle: WebChatBundle | null; strings: WebChatStrings };
  signIn: { sessions: SessionService; throttle: LoginThrottles };
  handoffs: Pick<HandoffRouteDeps, 'handoffs' | 'events' | 'machineTranslation' | 'erase'>;
  catalogue: { catalogue: CatalogueService; unanswered: UnansweredQuestions; proposals: ProposalService; db: Database };
  privacy: { retention: RetentionPolicy };
  metrics: { metrics: Metrics; token: string };
}

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

  const limits = deps.edge.rateLimiter;
  const clientOf = (req: Request) => deps.edge.proxies.clientOf(req);

  registerChannelRoute(server, { ...deps.channel, logger: deps.logger, limit: limits.middleware('messages') });

  registerAskRoute(server, { ...deps.ask, search: deps.search, logger: deps.logger }, limits.middleware('ask'));
  const { webChat } = deps;
  registerDirectLineRoutes(server, { directLine: webChat.directLine, logger: deps.logger, throttle: limits.middleware('chat'), connectorSecret: webChat.connectorSecret });
  registerAzureTokenRoute(server, { secret: webChat.config.azureSecret, domain: webChat.config.azureDomain, logger: deps.logger, throttle: limits.middleware('chat') });
  registerWebChatAssets(server, webChat.bundle);
  registerWebChatPage(server, {
    translator: deps.translator,
    bundle: webChat.bundle,
    strings: webChat.strings,
    hasSampleData: () => deps.search.hasSampleOffers(),
    retentionDays: webChat.config.retentionDays,
    azureDirectLine: webChat.config.azureSecret !== '',
  });

  const auth = new StaffAuth(deps.signIn.sessions);
  registerAuthRoutes(server, { sessions: deps.signIn.sessions, logger: deps.logger, throttle: deps.signIn.throttle, clientOf, limit: limits.middleware('login') });
  registerHandoffRoutes(server, {
    ...deps.handoffs,
    auth,
    translator: deps.translator,
    logger: deps.logger,
    labels: (h) => ({
      topicLabel: h.topic ? (deps.search.categories.get(h.topic)?.name.de ?? h.topic) : null,
      townName: h.town ? (deps.search.towns.get(h.town)?.name ?? h.town) : null,
    }),
  });
  registerStaffShared(server);
  registerAdvisorConsole(server);
  registerAdminPage(server);
  registerPublicDirectory(server, { search: deps.search, translator: deps.translator, logger: deps.logger, throttle: limits.middleware('directory') });
  registerPrivacyPage(server, { translator: deps.translator, retention: deps.privacy.retention });
  registerMetricsRoute(server, deps.metrics.metrics, {
    token: deps.metrics.token,
    // Open without a token only where no proxy can relay a stranger's request as a local one.
    openOnLoopback: isLoopbackAddress(deps.edge.host) && deps.edge.proxies.empty,
  });
  const { catalogue } = deps;
  registerProposalRoutes(server, { proposals: catalogue.proposals, auth, logger: deps.logger });
  registerReportRoutes(server, { db: catalogue.db, search: deps.search, unanswered: catalogue.unanswered, auth, logger: deps.logger });
  registerCatalogueRoutes(server, { catalogue: catalogue.catalogue, unanswered: catalogue.unanswered, auth, search: deps.search, translator: deps.translator, logger: deps.logger });

  server.get('/healthz', async (_req: Request, res: Response) => {
    if (!deps.isReady()) {
      res.send(503, { status: 'starting' });
      return;
    }
    res.send(200, { status: 'ok', offers: deps.search.offerCount });
  });

  return server;
}


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
