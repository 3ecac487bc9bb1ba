import type { AuthenticateRequestResult, ConnectorFactory } from 'botframework-connector';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/config';
import { detectLanguage } from '../language/detect';
import type { Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import { replyLanguage } from '../language/replyLanguage';

/** Authentication as configured, with every turn's replies sent through the given connector. */
class InProcessConnectorAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly connector: ConnectorFactory,
  ) {
    super(options);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return { ...(await super.authenticateRequest(activity, authHeader)), connectorFactory: this.connector };
  }

  override createConnectorFactory(): ConnectorFactory {
    return this.connector;
  }
}

/** CloudAdapter that can check a request's token on its own, before a turn is started. */
export class BotAdapter extends CloudAdapter {
  /** Throws AuthenticationError for a bad token, anything else when it cannot be checked now. */
  async authenticate(activity: Activity, authHeader: string): Promise<void> {
    await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
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
  const auth = deps.connector ? new InProcessConnectorAuthentication(options, deps.connector) : new ConfigurationBotFrameworkAuthentication(options);
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
