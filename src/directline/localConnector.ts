import type { Activity } from 'botbuilder';
import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { AppError } from '../errors';

export type ReplyToConversation = (conversationId: string, activity: Partial<Activity>) => Promise<{ id: string }>;

/**
 * The connector the bot uses to answer on the built-in Direct Line, in process. Every reply
 * used to go out through the Bot Framework HTTP client and come back in over loopback to the
 * connector route: about 5 ms and a good part of a turn's CPU for each message. The activity
 * is copied through JSON as the HTTP way did, so what is stored is the same.
 */
export class LocalConnectorFactory extends ConnectorFactory {
  constructor(private readonly reply: ReplyToConversation) {
    super();
  }

  async create(): Promise<ConnectorClient> {
    const send = (conversationId: string, activity: Partial<Activity>) => this.reply(conversationId, JSON.parse(JSON.stringify(activity)) as Partial<Activity>);
    const unsupported = async () => {
      throw new AppError('notFound', 'The built-in Direct Line does not update or delete sent activities.');
    };
    const conversations = {
      replyToActivity: (conversationId: string, _replyToId: string, activity: Partial<Activity>) => send(conversationId, activity),
      sendToConversation: (conversationId: string, activity: Partial<Activity>) => send(conversationId, activity),
      updateActivity: unsupported,
      deleteActivity: unsupported,
    };
    return { conversations } as unknown as ConnectorClient;
  }
}
