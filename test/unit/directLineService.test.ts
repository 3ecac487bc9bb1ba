import assert from 'node:assert/strict';
import path from 'node:path';
import type WebSocket from 'ws';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { ConversationStore } from '../../src/directline/conversationStore';
import { DirectLineService } from '../../src/directline/directLineService';
import { TokenSigner } from '../../src/directline/tokens';
import { createLogger } from '../../src/logging/logger';
import type { Notifications } from '../../src/db/notifications';
import { tempDir } from '../helpers/files';
import { waitFor } from '../helpers/waitFor';

/** A socket whose reader has stopped: everything sent piles up in its buffer. */
function stalledSocket() {
  const socket = { readyState: 1, bufferedAmount: 5_000_000, sent: 0, terminated: false, closed: '' };
  return Object.assign(socket, {
    send: () => void (socket.sent += 1),
    terminate: () => void (socket.terminated = true),
    close: (_code: number, reason: string) => void (socket.closed = reason),
    on: () => socket,
  });
}

describe('DirectLineService', () => {
  let db: SqliteDatabase;
  let service: DirectLineService;
  beforeEach(async () => {
    db = await SqliteDatabase.open(path.join(tempDir(), 'dl.db'));
    await migrate(db);
    service = new DirectLineService(new ConversationStore(db), new TokenSigner(TokenSigner.newKey()), async () => undefined, () => 'http://127.0.0.1:1', createLogger('silent'));
  });
  afterEach(async () => {
    service.close();
    await db.close();
  });

  it('cuts off a socket that never reads instead of buffering without end', async () => {
    const { token, conversationId } = await service.generateToken();
    const claims = service.verify(token);
    const socket = stalledSocket();
    await service.attach(claims, conversationId, undefined, socket as unknown as WebSocket);
    await service.botReply(conversationId, { type: 'message', text: 'Hallo' });
    assert.equal(socket.terminated, true);
    assert.equal(socket.sent, 0);
  });

  it('sends an activity appended while a reconnecting socket reads its backlog once, not twice', async () => {
    const store = new ConversationStore(db);
    const since = store.since.bind(store);
    let reply: Promise<unknown> = Promise.resolve();
    // The bot answers while the backlog is being read; the read then sees that answer too.
    store.since = async (...args) => {
      await reply;
      return since(...args);
    };
    const racing = new DirectLineService(store, new TokenSigner(TokenSigner.newKey()), async () => undefined, () => 'http://127.0.0.1:1', createLogger('silent'));
    try {
      const { token, conversationId } = await racing.generateToken();
      await racing.botReply(conversationId, { type: 'message', text: 'Willkommen' });
      const payloads: { activities: { text?: string }[] }[] = [];
      const socket = Object.assign(stalledSocket(), { bufferedAmount: 0, send: (data: string) => void payloads.push(JSON.parse(data)) });
      const attaching = racing.attach(racing.verify(token), conversationId, '0', socket as unknown as WebSocket);
      reply = racing.botReply(conversationId, { type: 'message', text: 'Antwort' });
      await attaching;
      assert.deepEqual(payloads.flatMap((p) => p.activities.map((a) => a.text)), ['Antwort']);
    } finally {
      racing.close();
    }
  });

  it('closes the first socket of a conversation when a second one attaches', async () => {
    const { token, conversationId } = await service.generateToken();
    const claims = service.verify(token);
    const first = Object.assign(stalledSocket(), { bufferedAmount: 0 });
    await service.attach(claims, conversationId, undefined, first as unknown as WebSocket);
    await service.attach(claims, conversationId, undefined, Object.assign(stalledSocket(), { bufferedAmount: 0 }) as unknown as WebSocket);
    assert.equal(first.closed, 'collision');
    assert.equal(service.openSockets(), 1);
  });

  it('clears a replyToId the conversation has never seen, and keeps a known one', async () => {
    const { token, conversationId } = await service.generateToken();
    const claims = service.verify(token);
    const { id } = await service.post(claims, conversationId, { type: 'message', text: 'Kita' });
    await service.botReply(conversationId, { type: 'message', text: 'a', replyToId: id });
    await service.botReply(conversationId, { type: 'message', text: 'b', replyToId: 'made-up-uuid' });
    const { activities } = await service.activities(claims, conversationId, undefined);
    assert.equal(activities.find((a) => a.text === 'a')?.replyToId, id);
    assert.equal(activities.find((a) => a.text === 'b')?.replyToId, undefined);
  });
});

/** Notifications between instances whose connection the test can drop and restore. */
function droppableNotifications() {
  const handlers = new Map<string, (payload: string, sender: string) => void>();
  const reconnected: (() => void)[] = [];
  const notifications: Notifications = {
    publish: async () => undefined,
    listen: async (channel, handler) => (handlers.set(channel, handler), () => handlers.delete(channel)),
    onReconnect: (handler) => void reconnected.push(handler),
    close: async () => undefined,
  };
  return { notifications, deliver: (channel: string, payload: string) => handlers.get(channel)?.(payload, 'other-instance'), reconnect: () => reconnected.forEach((h) => h()) };
}

describe('DirectLineService on several instances', () => {
  it('sends a socket what another instance stored while the connection between them was down, once', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'instances.db'));
    await migrate(db);
    const link = droppableNotifications();
    const store = new ConversationStore(db);
    const service = new DirectLineService(store, new TokenSigner(TokenSigner.newKey()), async () => undefined, () => 'http://127.0.0.1:1', createLogger('silent'), link.notifications);
    try {
      await service.followOtherInstances();
      const { token, conversationId } = await service.generateToken();
      await service.botReply(conversationId, { type: 'message', text: 'Willkommen' });
      const texts: string[] = [];
      const socket = Object.assign(stalledSocket(), { bufferedAmount: 0, send: (data: string) => void texts.push(...(JSON.parse(data) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '')) });
      await service.attach(service.verify(token), conversationId, '0', socket as unknown as WebSocket);
      assert.equal(texts.length, 0, 'the socket starts with nothing new');

      // Another instance stores the advisor's message; its notice never arrives.
      const { seq } = await store.append(conversationId, { type: 'message', text: 'Nachricht der Beraterin', from: { id: 'bildungslotse' } as never });
      link.reconnect();
      await waitFor(() => texts.includes('Nachricht der Beraterin') || assert.fail('not yet'), { what: 'the catch-up after reconnecting', timeoutMs: 2000 });
      // The notice turns up late after all: the socket has the message already.
      link.deliver('directline_activity', JSON.stringify({ conversationId, seq }));
      await new Promise((r) => setImmediate(r));
      await service.botReply(conversationId, { type: 'message', text: 'Weiter' });
      assert.deepEqual(texts, ['Nachricht der Beraterin', 'Weiter']);
    } finally {
      service.close();
      await db.close();
    }
  });
});

describe('ConversationStore under concurrent appends', () => {
  it('numbers the activities of a conversation without gaps, and a reader never sees a later one before an earlier one', async () => {
    const db = await SqliteDatabase.open(path.join(tempDir(), 'seq.db'));
    try {
      await migrate(db);
      const store = new ConversationStore(db);
      await store.create('c1', 'u1', null);
      await store.create('c2', 'u2', null);
      const appends = Array.from({ length: 60 }, (_, i) => store.append(i % 3 === 0 ? 'c2' : 'c1', { type: 'message', text: `m${i}` }));
      const reads: number[][] = [];
      const reading = (async () => {
        for (let i = 0; i < 30; i++) reads.push((await store.since('c1', null)).activities.map((a) => Number(String(a.id).split('|')[1])));
      })();
      const results = await Promise.all(appends);
      await reading;
      const c1 = results.filter((_, i) => i % 3 !== 0).map((r) => r.seq);
      assert.deepEqual(c1, Array.from({ length: 40 }, (_, i) => i), 'in the order sent, without gaps');
      for (const seen of reads) assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => i), 'a prefix, never a hole');
      assert.deepEqual((await store.since('c1', null)).activities.map((a) => a.text), results.filter((_, i) => i % 3 !== 0).map((r) => r.activity.text));
    } finally {
      await db.close();
    }
  });
});
