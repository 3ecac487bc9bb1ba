import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type StoreItems } from 'botbuilder';
import { migrate } from '../../src/db/migrations';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { DatabaseStorage } from '../../src/state/databaseStorage';
import { JsonConversationState, JsonUserState } from '../../src/state/jsonChangeState';
import { StatesLoadedTogether } from '../../src/state/statesLoadedTogether';

/** A MemoryStorage that counts what reaches it. */
class CountingStorage extends MemoryStorage {
  writes: StoreItems[] = [];
  override write(changes: StoreItems): Promise<void> {
    this.writes.push(structuredClone(changes));
    return super.write(changes);
  }
}

function turn(adapter: TestAdapter, conversation = 'c1'): TurnContext {
  return new TurnContext(adapter, {
    type: 'message',
    text: 'hallo',
    channelId: 'test',
    from: { id: 'u1', name: 'user' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
    serviceUrl: 'http://localhost',
  });
}

describe('state saved only when it changed', () => {
  it('writes a changed property, and nothing for a turn that only read', async () => {
    const storage = new CountingStorage();
    const state = new JsonConversationState(storage);
    const memory = state.createProperty<{ misses: number; recent?: string[] }>('memory');
    const adapter = new TestAdapter();

    const first = turn(adapter);
    await memory.set(first, { misses: 1, recent: ['Wo gibt es einen Deutschkurs?'] });
    await state.saveChanges(first);
    assert.equal(storage.writes.length, 1);

    const second = turn(adapter);
    assert.deepEqual(await memory.get(second), { misses: 1, recent: ['Wo gibt es einen Deutschkurs?'] });
    await state.saveChanges(second);
    assert.equal(storage.writes.length, 1, 'reading is not a change');

    const third = turn(adapter);
    (await memory.get(third))!.recent!.push('In Freiberg');
    await state.saveChanges(third);
    await state.saveChanges(third);
    assert.equal(storage.writes.length, 2, 'a nested change is written once');
    assert.deepEqual((await memory.get(turn(adapter)))!.recent, ['Wo gibt es einen Deutschkurs?', 'In Freiberg']);
  });

  it('writes when forced or after clear, and delete removes the stored state', async () => {
    const storage = new CountingStorage();
    const state = new JsonUserState(storage);
    const profile = state.createProperty<{ lang?: string }>('profile');
    const adapter = new TestAdapter();

    const context = turn(adapter);
    await profile.set(context, { lang: 'uk' });
    await state.saveChanges(context);
    await state.saveChanges(context, true);
    assert.equal(storage.writes.length, 2, 'force writes an unchanged state');

    const cleared = turn(adapter);
    await state.clear(cleared);
    await state.saveChanges(cleared);
    assert.equal(storage.writes.length, 3, 'a cleared state is written, empty');
    assert.equal(await profile.get(turn(adapter)), undefined);

    const again = turn(adapter);
    await profile.set(again, { lang: 'ar' });
    await state.saveChanges(again);
    await state.delete(turn(adapter));
    assert.equal(await profile.get(turn(adapter)), undefined, 'deleted');
  });

  it('keeps conversations apart, and the user state apart from the conversation state', async () => {
    const storage = new CountingStorage();
    const conversation = new JsonConversationState(storage);
    const user = new JsonUserState(storage);
    const topic = conversation.createProperty<string>('topic');
    const lang = user.createProperty<string>('lang');
    const adapter = new TestAdapter();

    const one = turn(adapter, 'c1');
    await topic.set(one, 'german');
    await lang.set(one, 'fa');
    await conversation.saveChanges(one);
    await user.saveChanges(one);

    const other = turn(adapter, 'c2');
    assert.equal(await topic.get(other), undefined);
    assert.equal(await lang.get(other), 'fa', 'the same user in another conversation');
    assert.equal(conversation.get(other)?.topic, undefined);
    assert.equal(user.get(other)?.lang, 'fa');
  });

  it('stores in the database what the turn left, also when it changes the state after saving', async () => {
    const db = await SqliteDatabase.open(':memory:');
    try {
      await migrate(db);
      const state = new JsonConversationState(new DatabaseStorage(db));
      const memory = state.createProperty<{ misses: number; recent: string[] }>('memory');
      const adapter = new TestAdapter();

      const first = turn(adapter);
      await memory.set(first, { misses: 0, recent: ['Kita in Döbeln?'] });
      await state.saveChanges(first);
      const second = turn(adapter);
      const loaded = (await memory.get(second))!;
      loaded.misses = 1;
      await state.saveChanges(second);
      loaded.recent.push('Danke');
      await state.saveChanges(second);

      const stored = await db.get<{ value: string }>('SELECT value FROM bot_state');
      assert.deepEqual(JSON.parse(stored!.value), { memory: { misses: 1, recent: ['Kita in Döbeln?', 'Danke'] } });
      assert.deepEqual(await memory.get(turn(adapter)), { misses: 1, recent: ['Kita in Döbeln?', 'Danke'] });
    } finally {
      await db.close();
    }
  });
});

describe('states loaded together', () => {
  it('a message turn reads its conversation’s and its newcomer’s state in one query, and both arrive', async () => {
    const db = await SqliteDatabase.open(':memory:');
    try {
      await migrate(db);
      const storage = new DatabaseStorage(db);
      const conversation = new JsonConversationState(storage);
      const user = new JsonUserState(storage);
      const topic = conversation.createProperty<string>('topic');
      const lang = user.createProperty<string>('lang');
      const adapter = new TestAdapter();
      const first = turn(adapter);
      await topic.set(first, 'kita');
      await lang.set(first, 'uk');
      await conversation.saveChanges(first);
      await user.saveChanges(first);

      let queries = 0;
      const all = db.all.bind(db);
      db.all = ((sql: string, params?: unknown[]) => (queries++, all(sql, params as never))) as typeof db.all;
      const seen: (string | undefined)[] = [];
      const second = turn(adapter);
      await new StatesLoadedTogether(conversation, user).onTurn(second, async () => {
        seen.push(await topic.get(second), await lang.get(second));
      });
      assert.deepEqual(seen, ['kita', 'uk']);
      assert.equal(queries, 1);
    } finally {
      await db.close();
    }
  });
});
