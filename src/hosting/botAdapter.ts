import {
  AuthenticationConstants,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationState,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
// The SDK's own fix-up of a posted activity (timestamps as dates), which `process` applies.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import type { Config } from '../config/config';
import { detectLanguage } from '../language/detect';
import type { Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import { replyLanguage } from '../language/replyLanguage';
import { BoundedMemo } from '../text/boundedMemo';
import { postingJson } from './jsonReplies';

/** Kept clients per key; a failed creation is forgotten, so the next turn tries again. */
class KeptClients<T> {
  // Few keys in practice (one bot, a handful of service URLs); the bound is for senders that
  // name many service URLs where authentication is off.
  private readonly kept = new BoundedMemo<Promise<T>>(MAX_KEPT_CLIENTS);

  get(key: string, create: () => Promise<T>): Promise<T> {
    return this.kept.get(key, () => {
      const created = create();
      created.catch(() => this.kept.forget(key));
      return created;
    });
  }
}

const MAX_KEPT_CLIENTS = 100;

/** The bot's app id a turn's claims carry (empty with authentication off), as the SDK reads it. */
function botAppId(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** Creates a connector client once per bot identity, service URL and audience. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: KeptClients<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () =>
      this.inner.create(serviceUrl, audience).then((client) => postingJson(client, serviceUrl)),
    );
  }
}

/**
 * Authentication as configured, with the clients replies go through kept from turn to turn.
 * CloudAdapter builds a connector client and a user token client, each with its own HTTP
 * pipeline, for every turn: some 3 % of a turn's time on the main thread in a profile. The older
 * BotFrameworkAdapter kept them per service URL and app id in the same way. Credentials inside
 * a client fetch and renew their tokens themselves.
 */
class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new KeptClients<ConnectorClient>();
  private readonly tokenClients = new KeptClients<UserTokenClient>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = super.createConnectorFactory(claimsIdentity);
    return this.reusing(factory, claimsIdentity) ?? factory;
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(botAppId(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  /** The factory a turn's replies go through. */
  protected reusing(factory: ConnectorFactory | undefined, claims: ClaimsIdentity): ConnectorFactory | undefined {
    return factory && new ReusingConnectorFactory(factory, botAppId(claims), this.connectors);
  }
}

/** Authentication as configured, with every turn's replies sent through the given connector. */
class InProcessConnectorAuthentication extends ReusingAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly connector: ConnectorFactory,
  ) {
    super(options);
  }

  protected override reusing(): ConnectorFactory {
    return this.connector;
  }
}

/** CloudAdapter that checks a request's token on its own, before a turn is started, and then runs the turn with what it found. */
export class BotAdapter extends CloudAdapter {
  /** Throws AuthenticationError for a bad token, anything else when it cannot be checked now. */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /**
   * One turn for an activity the route has already checked, as `process` runs it, with the
   * token's result from `authenticate`, so the token is checked once. `process` would check it
   * again, and first build and run zod schemas for the response object, the logic, the body and
   * the header on every request, about 1.5 % of a turn, to learn what the route knows already.
   */
  async processChecked(activity: Activity, authenticated: AuthenticateRequestResult, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, validateAndFixActivity(activity), logic);
  }
}

/**
 * The only place that knows how the Bot Framework is hosted, so a later move to the
 * Microsoft 365 Agents SDK touches this file and not the dialogs. With an empty MicrosoftAppId
 * authentication is off (Emulator, local use); with it set, every request's token is checked.
 */
export function createBotAdapter(
  bot: Config['bot'],
  deps: {
    logger: Logger;
    translator: Translator;
    conversationState: ConversationState;
    onError?: () => void;
    /** Where replies go instead of the Bot Framework HTTP client: the built-in Direct Line. */
    connector?: ConnectorFactory;
  },
): BotAdapter {
  const options = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const auth = deps.connector ? new InProcessConnectorAuthentication(options, deps.connector) : new ReusingAuthentication(options);
  const adapter = new BotAdapter(auth);

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    deps.onError?.();
    deps.logger.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, channel: context.activity.channelId },
      'turn failed',
    );
    const detected = context.activity.text ? detectLanguage(context.activity.text) : null;
    const { lang } = replyLanguage({ detected, locale: context.activity.locale }, deps.translator.languages);
    const t = deps.translator.forLanguage(lang);
    try {
      await context.sendTraceActivity('OnTurnError Trace', error.message, 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(t('errors.generic'));
    } catch (sendError) {
      deps.logger.warn({ err: (sendError as Error).message }, 'could not apologise to the user');
    }
    // A dialog stack that threw once will throw again: start the conversation afresh.
    await deps.conversationState.delete(context).catch((e: Error) => deps.logger.warn({ err: e.message }, 'could not clear state'));
  };
  return adapter;
}
