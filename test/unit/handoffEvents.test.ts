import assert from 'node:assert/strict';
import type { Notifications } from '../../src/db/notifications';
import { HandoffEvents, type QueueEvent } from '../../src/handoff/events';
import type { Handoff, HandoffMessage } from '../../src/handoff/types';

/** Two instances' event hubs on one in-memory line the test can drop. */
function line() {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const reconnected: (() => void)[] = [];
  const notifications: Notifications = {
    publish: async (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload)),
    listen: async (channel, handler) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(handler));
      return () => set.delete(handler);
    },
    onReconnect: (handler) => void reconnected.push(handler),
    close: async () => undefined,
  };
  return { notifications, reconnect: () => reconnected.forEach((h) => h()) };
}

const handoff = { id: 'h1', status: 'waiting' } as Handoff;
const message = { id: 7, from: 'user', text: 'Hallo' } as HandoffMessage;
const reader = { get: async (id: string) => (id === 'h1' ? handoff : null), message: async (id: number) => (id === 7 ? message : null) };
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('handoff events across instances', () => {
  it('replays a queue change and a message from another instance, read from the database', async () => {
    const { notifications } = line();
    const a = new HandoffEvents({ notifications, reader, onError: assert.fail });
    const b = new HandoffEvents({ notifications, reader, onError: assert.fail });
    await a.start();
    await b.start();
    const onB: QueueEvent[] = [];
    const onA: QueueEvent[] = [];
    b.subscribe(1, (e) => onB.push(e));
    a.subscribe(2, (e) => onA.push(e));
    a.publish({ type: 'handoff', handoff });
    a.publish({ type: 'message', handoffId: 'h1', message });
    await settle();
    assert.deepEqual(onB, [{ type: 'handoff', handoff }, { type: 'message', handoffId: 'h1', message }]);
    assert.equal(onA.length, 2, 'the sending instance hears each change once, not again from the line');
    a.stop();
    b.stop();
  });

  it('counts advisors online on any instance, and forgets an instance that fell silent', async () => {
    const { notifications } = line();
    let now = 1_000_000;
    const a = new HandoffEvents({ notifications, reader, onError: assert.fail, now: () => now });
    const b = new HandoffEvents({ notifications, reader, onError: assert.fail, now: () => now });
    await a.start();
    await b.start();
    const leave = b.subscribe(5, () => undefined);
    b.subscribe(6, () => undefined);
    a.subscribe(5, () => undefined);
    await settle();
    assert.equal(a.advisorsOnline, 2, 'advisor 5 (here and on B) and advisor 6 (on B)');
    leave();
    await settle();
    assert.equal(a.advisorsOnline, 2, 'advisor 5 is still here');
    now += 60_000; // B was killed: no heartbeat for a minute
    assert.equal(a.advisorsOnline, 1);
    a.stop();
    b.stop();
  });

  it('ends every stream when changes may have been missed, so consoles reload the queue', async () => {
    const { notifications, reconnect } = line();
    const a = new HandoffEvents({ notifications, reader, onError: assert.fail });
    await a.start();
    const seen: QueueEvent[] = [];
    a.subscribe(1, (e) => seen.push(e));
    reconnect();
    assert.deepEqual(seen, [{ type: 'resync' }]);
    a.stop();
  });
});
