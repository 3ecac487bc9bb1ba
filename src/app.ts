import type { AddressInfo } from 'node:net';
import { CommandRecognizer } from './ask/commands';
import { type ActivityHandler, type Storage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { BildungslotseBot } from '../bots/bildungslotseBot';
import { MEMORY_PROPERTY, PROFILE_PROPERTY, type ConversationMemory, type UserProfile } from '../dialogs/conversationMemory';
import { MainDialog } from '../dialogs/mainDialog';
import { loadSeedIfEmpty, readSeedCatalogue } from './catalogue/seed';
import { upgradeCatalogue } from './catalogue/upgrade';
import type { Config } from './config/config';
import type { Database } from './db/database';
import { openDatabase } from './db/openDatabase';
import { migrate } from './db/migrations';
import { ChannelRenderingMiddleware } from './channels/channelMiddleware';
import type { OfferedChoice } from './channels/channelRendering';
import { createHttpServer } from './http/server';
import { findWebChatBundle } from './http/webChatAssets';
import { readWebChatStrings } from './http/webChatStrings';
import { createTranslator, type Translator } from './language/i18n';
import { preloadLanguageModel } from './language/detect';
import type { Logger } from './logging/logger';
import type { SearchService } from './search/searchService';
import { createAsk } from './ask/pipeline';
import { startSearch } from './search/searchLifecycle';
import { loadTownAliases } from './search/townAliases';
import { createBotHosting } from './hosting/botHosting';
import { StatesLoadedTogether } from './state/statesLoadedTogether';
import { every } from './jobs/schedule';
import type { AskService } from './ask/askService';
import { DatabaseStorage } from './state/databaseStorage';
import { JsonConversationState, JsonUserState } from './state/jsonChangeState';
import { AuditLog } from './audit/auditLog';
import { LoginThrottle } from './auth/loginThrottle';
import { TrustedProxies } from './guard/clientAddress';
import { RATE_BUCKETS, RateLimiter, type RateLimit, type RateLimits } from './guard/rateLimits';
import { SessionService } from './auth/sessions';
import { UserRepository } from './auth/users';
import { BotHandoffDesk } from '../bots/handoffDesk';
import { BotNewcomerNotifier } from '../bots/newcomerNotifier';
import { HandoffEvents } from './handoff/events';
import { HandoffRepository } from './handoff/handoffRepository';
import { HandoffService } from './handoff/handoffService';
import { noMachineTranslation, type MachineTranslator } from './handoff/machineTranslation';
import { OpeningHours } from './handoff/openingHours';
import { CatalogueService } from './catalogue/catalogueService';
import { UnansweredQuestions } from './catalogue/unanswered';
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
  const db = await openDatabase(config, logger);
  // Which database an instance runs on, without the password: several instances must name the same one.
  logger.info({ engine: db.engine, database: db.location }, 'database open');
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'database migrated');
    const { timesRead } = await upgradeCatalogue(db);
    if (timesRead) logger.info({ offers: timesRead }, 'schedules and costs of older offers read into data');
    const loaded = await loadSeedIfEmpty(db, readSeedCatalogue(config.dataDir));
    if (loaded) logger.info({ offers: loaded }, 'seed catalogue loaded into empty database');
  } catch (err) {
    await db.close();
    throw err;
  }

  const running = await startSearch(db, config, logger);
  const { search } = running;
  const metrics = new Metrics({ handoffsWaiting: () => handoffRepository.count('waiting'), offers: () => search.offerCount });
  const translator = await createTranslator(config.dataDir, { strict: options.strictTranslations });
  const ask = createAsk(search, metrics.searchSeconds);

  const storage = options.storage ?? new DatabaseStorage(db);
  const conversationState = new JsonConversationState(storage);
  const userState = new JsonUserState(storage);
  const memory = conversationState.createProperty<ConversationMemory>(MEMORY_PROPERTY);
  const profile = userState.createProperty<UserProfile>(PROFILE_PROPERTY);

  const users = new UserRepository(db);
  const sessions = new SessionService(db, users, undefined, options.now);
  const audit = new AuditLog(db);
  const handoffRepository = new HandoffRepository(db, options.now);
  const events = new HandoffEvents({
    notifications: db.notifications,
    reader: handoffRepository,
    onError: (err) => logger.warn({ err: err.message }, 'handoff event from another instance lost'),
  });
  await events.start();
  const machineTranslation = options.machineTranslation ?? noMachineTranslation;
  const hosting = await createBotHosting(config, {
    db,
    logger,
    translator,
    conversationState,
    metrics,
    middleware: [
      new StatesLoadedTogether(conversationState, userState),
      new ChannelRenderingMiddleware(conversationState.createProperty<OfferedChoice[]>('offeredChoices'), translator),
    ],
  });
  const handoffs = new HandoffService({
    repository: handoffRepository,
    audit,
    events,
    hours: new OpeningHours(config.handoff.hours),
    translator,
    machineTranslation,
    notifier: new BotNewcomerNotifier(handoffRepository, translator, hosting.deliver),
    settings: { mode: config.handoff.mode, acceptTimeoutMinutes: config.handoff.acceptTimeoutMinutes, staleHours: config.handoff.staleHours },
    logger: logger.child({ component: 'handoff' }),
    now: options.now,
  });
  const unanswered = new UnansweredQuestions(db, search, options.now);
  const demand = new DemandEvents(db, options.now);
  const catalogue = new CatalogueService(db, {
    towns: search.towns,
    townAliases: loadTownAliases(config.dataDir, new Set(search.towns.keys())),
    audit,
    logger: logger.child({ component: 'catalogue' }),
    now: options.now,
    afterCommit: () => running.catchUp(),
  });
  const desk = new BotHandoffDesk(handoffs, memory, (context) => hosting.channelOf(context));

  const commands = new CommandRecognizer(search.lexicon);
  const privacy = {
    erase: (context: TurnContext, opts?: { dryRun?: boolean }) =>
      eraseUser(db, { channelId: context.activity.channelId, userId: context.activity.from?.id ?? '', conversationId: context.activity.conversation?.id }, opts),
  };
  const dialog = new MainDialog({ ask, search, translator, memory, profile, commands, handoff: desk, unanswered, demand, privacy });
  const bot: ActivityHandler = options.bot ?? new BildungslotseBot({
    memory,
    handoffs,
    chooseLanguage: (context, lang) => dialog.chooseLanguage(context, lang),
    conversationState,
    userState,
    dialog,
    translator,
    hasSampleData: () => search.hasSampleOffers(),
  });
  hosting.serve(bot);

  const sweep = every('handoff sweep', 60_000, async () => {
    const r = await handoffs.sweep();
    if (r.offered || r.expired) logger.info(r, 'handoff queue swept');
  }, logger);
  const retention = every('retention', 6 * 3_600_000, async () => {
    const removed = await enforceRetention(db, config.retention, options.now?.() ?? Date.now());
    if (Object.values(removed).some((n) => n > 0)) logger.info({ removed }, 'data past its retention period deleted');
  }, logger);
  await retention.runNow();

  let ready = false;
  const proxies = new TrustedProxies(config.trustProxy);
  const rateLimits: RateLimits = options.rateLimit
    ? (Object.fromEntries(RATE_BUCKETS.map((b) => [b, options.rateLimit!])) as RateLimits)
    : config.rateLimits;
  const server = createHttpServer({
    logger,
    isReady: () => ready,
    search,
    translator,
    edge: { proxies, rateLimiter: new RateLimiter(rateLimits, proxies, options.now), host: config.host },
    channel: {
      adapter: hosting.adapter,
      bot,
      authRequired: config.bot.appId !== '',
      allowRemoteUnauthenticatedMessages: config.allowRemoteUnauthenticatedMessages,
      metrics,
    },
    ask: { ask, languages: translator.languages, unanswered },
    webChat: { directLine: hosting.directLine, connectorSecret: hosting.connectorSecret, config: config.directLine, bundle: findWebChatBundle(), strings: readWebChatStrings(config.dataDir) },
    // Five guesses at one account from one address; an office behind one address gets more before it is slowed.
    signIn: { sessions, throttle: { perAccountAddress: new LoginThrottle(5), perAddress: new LoginThrottle(30) } },
    handoffs: { handoffs, events, machineTranslation, erase: (who) => eraseUser(db, who) },
    catalogue: { catalogue, unanswered, proposals: new ProposalService(db, catalogue), db },
    privacy: { retention: config.retention },
    metrics: { metrics, token: config.metricsToken },
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
          hosting.listening(config.host, port);
          logger.info({ port, offers: search.offerCount }, 'listening');
          // Requests that timed out while the service was down get their callback offer now.
          void sweep.runNow();
          setImmediate(preloadLanguageModel);
          resolve(port);
        });
      }),
    stop: async () => {
      ready = false;
      retention.stop();
      sweep.stop();
      await running.stop();
      hosting.close();
      events.publish({ type: 'shutdown' });
      events.stop();
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
