import { BotStateSet, type BotState, type Middleware, type TurnContext } from 'botbuilder';

/**
 * Loads a message turn's states together, before anything reads one of them. Read one by one
 * as the turn needs them (the rendering's offered choices, then the newcomer's profile), each
 * was its own query; asked for at once, DatabaseStorage reads them in one.
 */
export class StatesLoadedTogether implements Middleware {
  private readonly states: BotStateSet;

  constructor(...states: BotState[]) {
    this.states = new BotStateSet(...states);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === 'message') await this.states.loadAll(context);
    await next();
  }
}
