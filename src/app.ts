import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CommandRecognizer } from './language/commands';
import { ConversationState, UserState, type Activity, type ActivityHandler, type Storage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { BildungslotseBot } from '../bots/bildungslotseBot';
import { MEMORY_PROPERTY, PROFILE_PROPERTY, type ConversationMemory, type UserProfile } from '../dialogs/conversationMemory';
import { MainDialog } from '../dialogs/mainDialog';
import { AnswerRepository } from './catalogue/answerRepository';
import { OfferRepository } from './catalogue/offerRepository';
import { ProviderRepository } from './catalogue/providerRepository';
import { loadSeedIfEmpty, readSeedCatalogue } from './catalogue/seed';
import { TaxonomyRepository } from './catalogue/taxonomyRepository';
import type { Config } from './config/config';
import { Database } from './db/database';
import { ConversationStore, tokenKey } from './directline/conversationStore';
import { DirectLineService } from './directline/directLineService';
import { LocalConnectorFactory } from './directline/localConnector';
import { TokenSigner } from './directline/tokens';
import { migrate } from './db/migrations';
import { createBotAdapter } from './http/botAdapter';
import { ChannelRenderingMiddleware } from './channels/channelMiddleware';
import type { OfferedChoice } from './channels/channelRendering';
import { createHttpServer } from './http/server';
import { findWebChatBundle } from './http/webChatAssets';
import { createTranslator, type Translator } from './language/i18n';
import { preloadLanguageModel } from './language/detect';
import type { Logger } from './logging/logger';
import type { SearchService } from './search/searchService';
import { FileSnapshotStore } from './search/indexSnapshot';
import { createAsk, openSearch, saveSearch } from './ask/pipeline';
import type { AskService } from './ask/askService';
import { SqliteStorage } from './state/sqliteStorage';
import { AuditLog } from './audit/auditLog';
import { LoginThrottle } from './auth/loginThrottle';
import { TrustedProxies } from './guard/clientAddress';
import { RATE_BUCKETS, RateLimiter, type RateLimit, type RateLimits } from './guard/rateLimits';
import { SessionService } from './auth/sessions';
import { UserRepository } from './auth/users';
import { BotHandoffDesk } from '../bots/handoffDesk';
import { BotNewcomerNotifier, type Deliver } from '../bots/newcomerNotifier';
import { HandoffEvents } from './handoff/events';
import { HandoffRepository } from './handoff/handoffRepository';
import { HandoffService } from './handoff/handoffService';
import { noMachineTranslation, type MachineTranslator } from './handoff/machineTranslation';
import { OpeningHours } from './handoff/openingHours';
import { CatalogueService } from './catalogue/catalogueService';
import { UnansweredQuestions } from './catalogue/unanswered';
import { CatalogueFollower } from './search/catalogueFollower';
import { ProposalService } from './catalogue/proposals';
import { Metrics } from './http/metrics';
import { DemandEvents } from './analytics/demandEvents';
import { enforceRetention } from './privacy/retention';
import { eraseUser } from './privacy/erase';

export interface App {
  server: Server;
  db: Database;
  search: SearchService;
  ask: AskService;
  translator: Translator;
  handoffs: HandoffService;
  users: UserRepository;
  catalogue: CatalogueService;
  /** Listens on config.port (0 picks a free port) and resolves with the bound port. */
  start(): Promise<number>;
  /** Stops accepting, lets running requests finish, closes the database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Tests pass MemoryStorage-free overrides or strict i18n. */
  strictTranslations?: boolean;
  storage?: Storage;
  /** One budget for every public route group in place of the configured ones (tests, bench). */
  rateLimit?: RateLimit;
  /** A self-hosted machine translation service for advisor chats; none by default. */
  machineTranslation?: MachineTranslator;
  /** Tests move time forward for opening hours, waiting times and expiry. */
  now?: () => number;
  /**
   * `npm run bench` puts an echo bot in place of ours, to measure the floor of the same stack
   * (adapters, Direct Line, state, HTTP) that our bot's turns are compared with.
   */
  bot?: ActivityHandler;
}

/**
 * The composition root: reads nothing from the environment itself (config comes in), opens the
 * database, migrates and seeds it, builds search, dialogs, bot and routes, and passes each on.
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const db = await Database.open(config.databasePath);
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'database migrated');
    const loaded = await loadSeedIfEmpty(db, readSeedCatalogue(config.dataDir));
    if (loaded) logger.info({ offers: loaded }, 'seed catalogue loaded into empty database');
  } catch (err) {
    await db.close();
    throw err;
  }

  const indexStore = config.databasePath === ':memory:' ? undefined : new FileSnapshotStore(`${config.databasePath}.search-index.json`);
  const indexStarted = performance.now();
  const opened = await openSearch(db, config.dataDir, indexStore && { store: indexStore });
  const { search } = opened;
  logger.info({ offers: search.offerCount, index: search.indexSource, ms: Math.round(performance.now() - indexStarted) }, 'search ready');
  const metrics = new Metrics({ handoffsWaiting: () => handoffRepository.count('waiting'), offers: () => search.offerCount });
  const translator = await createTranslator(config.dataDir, { strict: options.strictTranslations });
  const plainAsk = createAsk(search);
  // The same service, timed for /metrics.
  const ask = Object.assign(Object.create(plainAsk) as typeof plainAsk, {
    ask: (request: Parameters<typeof plainAsk.ask>[0]) => {
      const stop = metrics.searchSeconds.startTimer();
      try {
        return plainAsk.ask(request);
      } finally {
        stop();
      }
    },
  });

  const storage = options.storage ?? new SqliteStorage(db);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const memory = conversationState.createProperty<ConversationMemory>(MEMORY_PROPERTY);
  const profile = userState.createProperty<UserProfile>(PROFILE_PROPERTY);

  const users = new UserRepository(db);
  const sessions = new SessionService(db, users, undefined, options.now);
  const audit = new AuditLog(db);
  const events = new HandoffEvents();
  const handoffRepository = new HandoffRepository(db, options.now);
  const machineTranslation = options.machineTranslation ?? noMachineTranslation;
  // Filled in below once the adapters exist; the notifier only calls it after start.
  let deliver: Deliver = async () => {
    throw new Error('not started');
  };
  const handoffs = new HandoffService({
    repository: handoffRepository,
    audit,
    events,
    hours: new OpeningHours(config.handoff.hours),
    translator,
    machineTranslation,
    notifier: new BotNewcomerNotifier(handoffRepository, translator, (...args) => deliver(...args)),
    settings: { mode: config.handoff.mode, acceptTimeoutMinutes: config.handoff.acceptTimeoutMinutes, staleHours: config.handoff.staleHours },
    logger: logger.child({ component: 'handoff' }),
    now: options.now,
  });
  const unanswered = new UnansweredQuestions(db, search, options.now);
  const watcher = new CatalogueFollower(db, search, logger.child({ component: 'catalogue' }));
  const demand = new DemandEvents(db, options.now);
  const catalogue = new CatalogueService(db, {
    towns: search.towns,
    audit,
    logger: logger.child({ component: 'catalogue' }),
    now: options.now,
    afterCommit: () => watcher.catchUp(),
  });
  await watcher.start(opened.version);
  // The snapshot is a cache: failing to write it costs the next start time, never this one.
  // A build is saved at once; changes caught up after a restore are saved at stop.
  let savedAt = search.indexSource === 'restored' ? opened.version.seq : -1;
  const saveIndex = () => {
    if (!indexStore || watcher.version.seq === savedAt) return;
    try {
      if (saveSearch(indexStore, opened, watcher.version)) logger.info({ file: indexStore.file }, 'search index saved for the next start');
      savedAt = watcher.version.seq;
    } catch (err) {
      logger.warn({ err: (err as Error).message, file: indexStore.file }, 'search index could not be saved');
    }
  };
  if (search.indexSource === 'built') saveIndex();
  const isLocalTurn = (serviceUrl: string | undefined) => (serviceUrl ?? '').includes('/directline/connector/');
  const desk = new BotHandoffDesk(handoffs, memory, (context) => (isLocalTurn(context.activity.serviceUrl) ? 'local' : 'bot-service'));

  const commands = new CommandRecognizer(search.lexicon);
  const privacy = {
    erase: (context: TurnContext, opts?: { dryRun?: boolean }) =>
      eraseUser(db, { channelId: context.activity.channelId, userId: context.activity.from?.id ?? '', conversationId: context.activity.conversation?.id }, opts),
  };
  const dialog = new MainDialog({ ask, search, translator, memory, profile, commands, handoff: desk, unanswered, demand, privacy });
  const bot: ActivityHandler = options.bot ?? new BildungslotseBot({
    commands,
    memory,
    handoffs,
    chooseLanguage: (context, lang) => dialog.chooseLanguage(context, lang),
    conversationState,
    userState,
    dialog,
    translator,
    profile,
    hasSampleData: () => search.hasSampleOffers(),
  });
  const onError = () => metrics.errors.inc({ kind: 'turn' });
  const adapter = createBotAdapter(config.bot, { logger, translator, conversationState, onError });
  // The built-in Direct Line runs the bot on its own adapter with auth off, whatever /api/messages
  // requires; its replies go straight to the Direct Line service in process, not over loopback HTTP.
  const localConnector = new LocalConnectorFactory((conversationId, activity) => directLine.botReply(conversationId, activity));
  const localAdapter = createBotAdapter(
    { appType: 'MultiTenant', appId: '', appPassword: '', appTenantId: '' },
    { logger, translator, conversationState, onError, connector: localConnector },
  );
  const rendering = new ChannelRenderingMiddleware(conversationState.createProperty<OfferedChoice[]>('offeredChoices'), translator);
  adapter.use(rendering);
  localAdapter.use(rendering);
  const connectorSecret = randomBytes(18).toString('hex');
  let connectorBase = '';
  const conversations = new ConversationStore(db);
  const directLine = new DirectLineService(
    conversations,
    new TokenSigner(await tokenKey(db, TokenSigner.newKey), config.directLine.tokenSeconds),
    async (activity) => {
      metrics.countTurn('webchat', activity.type);
      const stop = metrics.turnSeconds.startTimer();
      await localAdapter.processActivityDirect('', activity as Activity, (context) => bot.run(context));
      stop();
    },
    () => `${connectorBase}/directline/connector/${connectorSecret}`,
    logger,
  );
  deliver = async (channel, reference, activity) => {
    const send = async (context: import('botbuilder').TurnContext) => {
      await context.sendActivity(activity);
      // The rendering middleware remembers offered buttons ("1", "2" on text channels).
      await conversationState.saveChanges(context, false);
    };
    if (channel === 'local') {
      // The connector address changes with every start (port, secret); the conversation does not.
      await localAdapter.continueConversationAsync('', { ...reference, serviceUrl: `${connectorBase}/directline/connector/${connectorSecret}` }, send);
    } else {
      await adapter.continueConversationAsync(config.bot.appId, reference, send);
    }
  };
  const sweep = () =>
    handoffs
      .sweep()
      .then((r) => (r.offered || r.expired) && logger.info(r, 'handoff queue swept'))
      .catch((e: Error) => logger.error({ err: e.message }, 'handoff sweep failed'));
  const sweepTimer = setInterval(() => void sweep(), 60_000);
  sweepTimer.unref();

  const retention = async () => {
    const removed = await enforceRetention(db, config.retention, options.now?.() ?? Date.now());
    if (Object.values(removed).some((n) => n > 0)) logger.info({ removed }, 'data past its retention period deleted');
  };
  await retention();
  const retentionTimer = setInterval(() => void retention().catch((e: Error) => logger.error({ err: e.message }, 'retention failed')), 6 * 3_600_000);
  retentionTimer.unref();

  let ready = false;
  const proxies = new TrustedProxies(config.trustProxy);
  const rateLimits: RateLimits = options.rateLimit
    ? (Object.fromEntries(RATE_BUCKETS.map((b) => [b, options.rateLimit!])) as RateLimits)
    : config.rateLimits;
  const server = createHttpServer({
    adapter,
    bot,
    ask,
    search,
    languages: translator.languages,
    logger,
    isReady: () => ready,
    authRequired: config.bot.appId !== '',
    allowRemoteUnauthenticatedMessages: config.allowRemoteUnauthenticatedMessages,
    proxies,
    host: config.host,
    rateLimiter: new RateLimiter(rateLimits, proxies, options.now),
    directLine,
    connectorSecret,
    directLineConfig: config.directLine,
    translator,
    webChatBundle: findWebChatBundle(),
    staff: {
      metrics,
      metricsToken: config.metricsToken,
      db,
      proposals: new ProposalService(db, catalogue),
      retention: config.retention,
      erase: (who) => eraseUser(db, who),
      catalogue,
      unanswered,
      sessions,
      // Five guesses at one account from one address; an office behind one address gets more before it is slowed.
      loginThrottle: { perAccountAddress: new LoginThrottle(5), perAddress: new LoginThrottle(30) },
      handoffs,
      events,
      machineTranslation,
    },
  });

  return {
    server,
    db,
    search,
    ask,
    translator,
    handoffs,
    users,
    catalogue,
    start: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          ready = true;
          const port = (server.address() as AddressInfo).port;
          const loopback = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
          connectorBase = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;
          logger.info({ port, offers: search.offerCount }, 'listening');
          // Requests that timed out while the service was down get their callback offer now.
          void sweep();
          setImmediate(preloadLanguageModel);
          resolve(port);
        });
      }),
    stop: async () => {
      ready = false;
      clearInterval(retentionTimer);
      clearInterval(sweepTimer);
      watcher.stop();
      // What other processes changed since the last poll goes into the snapshot too.
      await watcher.catchUp().catch((e: Error) => logger.warn({ err: e.message }, 'catalogue changes not applied before saving'));
      saveIndex();
      directLine.close();
      events.publish({ type: 'shutdown' });
      await new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open forever.
        server.server.closeIdleConnections?.();
      });
      await db.close();
    },
  };
}
