import { ConversationState, UserState, type BotState, type StoreItem, type TurnContext } from 'botbuilder';
import { readJson, storedJson, writeJson } from './stateJson';

/** What a turn read, and its JSON then: a save writes only when the JSON has changed. */
interface Loaded {
  state: StoreItem;
  json: string;
}

// Mixins need a constructor that takes any arguments (TypeScript's rule for mixin classes).
type BotStateClass = new (...args: any[]) => BotState;

/**
 * BotState as botbuilder has it, except for how a turn's changes are noticed. botbuilder hashes
 * the state with SHA-256 after a JSON.stringify whose replacer runs for every value, at every
 * load and twice at every save: some 6 % of a turn's time in a profile, for a comparison that
 * two JSON strings do as well. Plain state (no functions, no cycles) is all we store.
 */
function comparingJson<T extends BotStateClass>(Base: T) {
  return class extends Base {
    /** Where this state keeps what a turn loaded; one per instance, as BotState's own key. */
    readonly loadedKey = Symbol('loaded state');

    override async load(context: TurnContext, force = false): Promise<StoreItem> {
      const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
      if (!force && loaded?.state) return loaded.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state: StoreItem = items[key] ?? {};
      context.turnState.set(this.loadedKey, { state, json: readJson.take(state) ?? storedJson(state) } satisfies Loaded);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
      if (!force && !loaded) return;
      const entry = loaded ?? { state: {}, json: '' };
      const json = storedJson(entry.state);
      if (!force && json === entry.json) return;
      const key = await this.storageKey(context);
      entry.state.eTag = '*';
      writeJson.give(entry.state, json);
      await this.storage.write({ [key]: entry.state });
      entry.json = json;
      context.turnState.set(this.loadedKey, entry);
    }

    override clear(context: TurnContext): Promise<void> {
      // An empty JSON that no state has: the next save writes.
      context.turnState.set(this.loadedKey, { state: {}, json: '' } satisfies Loaded);
      return Promise.resolve();
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.loadedKey);
      await this.storage.delete([await this.storageKey(context)]);
    }

    override get(context: TurnContext): StoreItem | undefined {
      const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
      return typeof loaded?.state === 'object' ? loaded.state : undefined;
    }
  };
}

/** ConversationState (botbuilder's keys and storage) with changes noticed by their JSON. */
export class JsonConversationState extends comparingJson(ConversationState) {}

/** UserState (botbuilder's keys and storage) with changes noticed by their JSON. */
export class JsonUserState extends comparingJson(UserState) {}
