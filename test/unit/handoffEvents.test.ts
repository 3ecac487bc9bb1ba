import assert from 'node:assert/strict';
import type { Notifications } from '../../src/db/notifications';
import { HandoffEvents, type QueueEvent } from '../../src/handoff/events';
import type { Handoff, HandoffMessage } from '../../src/handoff/types';

/**
 * A line between instances the test can drop: each instance gets its own end, and a message
 * reaches every other end, never the sender's, as PostgreSQL's notifications do.
 */
function line() {
  const ends: { id: string; listeners: Map<string, Set<(payload: string, sender: string) => void>>; reconnected: (() => void)[] }[] = [];
  const end = (): Notifications => {
    const me = { id: `instance-${ends.length + 1}`, listeners: new Map<string, Set<(payload: string, sender: string) => void>>(), reconnected: [] as (() => void)[] };
    ends.push(me);
    return {
      publish: async (channel, payload) => ends.filter((e) => e !== me).forEach((e) => e.listeners.get(channel)?.forEach((l) => l(payload, me.id))),
      listen: async (channel, handler) => {
        const set = me.listeners.get(channel) ?? new Set();
        me.listeners.set(channel, set.add(handler));
        return () => set.delete(handler);
      },
      onReconnect: (handler) => void me.reconnected.push(handler),
      close: async () => undefined,
    };
  };
  return { end, reconnect: () => ends.forEach((e) => e.reconnected.forEach((h) => h())) };
}

const handoff = { id: 'h1', status: 'waiting' } as Handoff;
const message = { id: 7, from: 'user', text: 'Hallo' } as HandoffMessage;
const reader = { get: async (id: string) => (id === 'h1' ? handoff : null), message: async (id: number) => (id === 7 ? message : null) };
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('handoff events across instances', () => {
  it('replays a queue change and a message from another instance, read from the database', async () => {
    const { end } = line();
    const a = new HandoffEvents({ notifications: end(), reader, onError: assert.fail });
    const b = new HandoffEvents({ notifications: end(), reader, onError: assert.fail });
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
    assert.equal(onA.length, 2, 'the sending instance hears each change once, from itself');
    a.stop();
    b.stop();
  });

  it('counts advisors online on any instance, and forgets an instance that fell silent', async () => {
    const { end } = line();
    let now = 1_000_000;
    const a = new HandoffEvents({ notifications: end(), reader, onError: assert.fail, now: () => now });
    const b = new HandoffEvents({ notifications: end(), reader, onError: assert.fail, now: () => now });
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
    const { end, reconnect } = line();
    const a = new HandoffEvents({ notifications: end(), reader, onError: assert.fail });
    await a.start();
    const seen: QueueEvent[] = [];
    a.subscribe(1, (e) => seen.push(e));
    reconnect();
    assert.deepEqual(seen, [{ type: 'resync' }]);
    a.stop();
  });
});
