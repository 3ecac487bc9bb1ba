import { randomBytes } from 'node:crypto';
import type { Activity, ActivityHandler, ConversationReference, ConversationState, Middleware, TurnContext } from 'botbuilder';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import { ConversationStore, tokenKey } from '../directline/conversationStore';
import { DirectLineService } from '../directline/directLineService';
import { LocalConnectorFactory } from '../directline/localConnector';
import { TokenSigner } from '../directline/tokens';
import type { DeliveryChannel } from '../handoff/types';
import type { Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import { createBotAdapter, type BotAdapter } from './botAdapter';

/** Sends one activity into a stored conversation through the adapter that owns it. */
export type Deliver = (channel: DeliveryChannel, reference: Partial<ConversationReference>, activity: Partial<Activity>) => Promise<void>;

/** What the hosting counts per turn (the service's Prometheus metrics fit this). */
export interface TurnMetrics {
  countTurn(channelId: unknown, type: unknown): void;
  turnSeconds: { startTimer(): () => unknown };
  errors: { inc(labels: { kind: string }): void };
}

/** How the bot is reached: channels through Azure Bot Service, the web chat through our own Direct Line. */
export interface BotHosting {
  /** Channel traffic on /api/messages, authenticated when MicrosoftAppId is set. */
  adapter: BotAdapter;
  /** The built-in Direct Line service the web chat page talks to. */
  directLine: DirectLineService;
  /** Unguessable path segment of the local connector routes. */
  connectorSecret: string;
  /** Pushes an activity into a newcomer's conversation (an advisor's message, a callback offer). */
  deliver: Deliver;
  /** Which adapter a turn came through, so later messages can be delivered the same way. */
  channelOf(context: TurnContext): DeliveryChannel;
  /** The bot that answers on both adapters; set once it exists (it needs `deliver` itself). */
  serve(bot: ActivityHandler): void;
  /** The address the server bound, which the local connector's service URL names. */
  listening(host: string, port: number): void;
  close(): void;
}

/**
 * Both adapters and the built-in Direct Line. The web chat's turns run on their own adapter with
 * authentication off, whatever /api/messages requires, and the bot's replies go straight to the
 * Direct Line service in process instead of over loopback HTTP.
 */
export async function createBotHosting(
  config: Pick<Config, 'bot' | 'directLine'>,
  deps: {
    db: Database;
    logger: Logger;
    translator: Translator;
    conversationState: ConversationState;
    metrics: TurnMetrics;
    /** Run in this order on every turn of both adapters. */
    middleware: Middleware[];
  },
): Promise<BotHosting> {
  const { logger, translator, conversationState, metrics } = deps;
  let bot: ActivityHandler | null = null;
  const running = () => {
    if (!bot) throw new Error('the bot is not served yet');
    return bot;
  };
  const onError = () => metrics.errors.inc({ kind: 'turn' });
  const adapter = createBotAdapter(config.bot, { logger, translator, conversationState, onError });
  const localConnector = new LocalConnectorFactory((conversationId, activity) => directLine.botReply(conversationId, activity));
  const localAdapter = createBotAdapter(
    { appType: 'MultiTenant', appId: '', appPassword: '', appTenantId: '' },
    { logger, translator, conversationState, onError, connector: localConnector },
  );
  adapter.use(...deps.middleware);
  localAdapter.use(...deps.middleware);

  const connectorSecret = randomBytes(18).toString('hex');
  let connectorBase = '';
  const localServiceUrl = () => `${connectorBase}/directline/connector/${connectorSecret}`;
  const directLine = new DirectLineService(
    new ConversationStore(deps.db),
    new TokenSigner(await tokenKey(deps.db, TokenSigner.newKey), config.directLine.tokenSeconds),
    async (activity) => {
      metrics.countTurn('webchat', activity.type);
      const stop = metrics.turnSeconds.startTimer();
      await localAdapter.processActivityDirect('', activity as Activity, (context) => running().run(context));
      stop();
    },
    localServiceUrl,
    logger,
    deps.db.notifications,
  );
  await directLine.followOtherInstances();

  const deliver: Deliver = async (channel, reference, activity) => {
    const send = async (context: TurnContext) => {
      await context.sendActivity(activity);
      // The rendering middleware remembers offered buttons ("1", "2" on text channels).
      await conversationState.saveChanges(context, false);
    };
    if (channel === 'local') {
      // The connector address changes with every start (port, secret); the conversation does not.
      await localAdapter.continueConversationAsync('', { ...reference, serviceUrl: localServiceUrl() }, send);
    } else {
      await adapter.continueConversationAsync(config.bot.appId, reference, send);
    }
  };

  return {
    adapter,
    directLine,
    connectorSecret,
    deliver,
    // Local turns carry the connector's service URL; everything else came through a channel.
    channelOf: (context) => ((context.activity.serviceUrl ?? '').includes('/directline/connector/') ? 'local' : 'bot-service'),
    serve: (handler) => {
      bot = handler;
    },
    listening: (host, port) => {
      const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      connectorBase = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;
    },
    close: () => directLine.close(),
  };
}
