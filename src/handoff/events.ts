import { EventEmitter } from 'node:events';
import type { Notifications } from '../db/notifications';
import type { Handoff, HandoffMessage } from './types';

export type QueueEvent =
  | { type: 'handoff'; handoff: Handoff }
  | { type: 'message'; handoffId: string; message: HandoffMessage }
  /** The service is stopping: streams end so the server can close. */
  | { type: 'shutdown' }
  /**
   * Changes on other instances may have been missed (the connection between them was lost):
   * streams end, and consoles reconnect and read the queue afresh.
   */
  | { type: 'resync' };

/** How other instances' events are read back: a notice names the handoff or message, the database holds it. */
export interface QueueReader {
  get(id: string): Promise<Handoff | null>;
  message(id: number): Promise<HandoffMessage | null>;
}

const QUEUE_CHANNEL = 'handoff_queue';
const PRESENCE_CHANNEL = 'handoff_presence';
/** Each instance says which advisors it has online this often, and on every change. */
const PRESENCE_EVERY_MS = 10_000;
/** An instance not heard from for this long (stopped, killed) no longer counts its advisors. */
const PRESENCE_STALE_MS = 35_000;

type QueueNotice = { type: 'handoff'; id: string } | { type: 'message'; handoffId: string; messageId: number };
interface PresenceNotice {
  advisors: number[];
}

/**
 * Fan-out of queue changes to the advisors' event streams, on this instance and (through the
 * database's notifications) on every other instance of the service. It also counts who is
 * listening anywhere, which is how the bot knows whether anyone can answer right now.
 */
export class HandoffEvents {
  private readonly emitter = new EventEmitter();
  private listeners = new Map<number, number>();
  private readonly elsewhere = new Map<string, { advisors: number[]; at: number }>();
  private timer?: NodeJS.Timeout;
  private stopListening: (() => void)[] = [];

  constructor(
    private readonly shared?: { notifications: Notifications; reader: QueueReader; onError: (err: Error) => void; now?: () => number },
  ) {
    // Every open console is a listener; the default cap of 10 would warn at the 11th advisor tab.
    this.emitter.setMaxListeners(0);
  }

  /** Starts hearing other instances' queue changes and advisors. */
  async start(): Promise<void> {
    if (!this.shared) return;
    const { notifications } = this.shared;
    this.stopListening.push(await notifications.listen(QUEUE_CHANNEL, (payload) => void this.replay(payload)));
    this.stopListening.push(await notifications.listen(PRESENCE_CHANNEL, (payload, sender) => this.heard(payload, sender)));
    notifications.onReconnect(() => {
      this.emitter.emit('event', { type: 'resync' } satisfies QueueEvent);
      this.announcePresence();
    });
    this.timer = setInterval(() => this.announcePresence(), PRESENCE_EVERY_MS);
    this.timer.unref();
    this.announcePresence();
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopListening.forEach((stop) => stop());
    this.stopListening = [];
    if (this.shared && this.listeners.size > 0) {
      this.listeners.clear();
      this.announcePresence();
    }
  }

  publish(event: QueueEvent): void {
    this.emitter.emit('event', event);
    if (!this.shared || event.type === 'shutdown' || event.type === 'resync') return;
    const notice: QueueNotice =
      event.type === 'handoff'
        ? { type: 'handoff', id: event.handoff.id }
        : { type: 'message', handoffId: event.handoffId, messageId: event.message.id };
    this.send(QUEUE_CHANNEL, notice);
  }

  /** Subscribes an advisor's stream; the returned function unsubscribes. */
  subscribe(advisorId: number, listener: (event: QueueEvent) => void): () => void {
    this.emitter.on('event', listener);
    const before = this.listeners.size;
    this.listeners.set(advisorId, (this.listeners.get(advisorId) ?? 0) + 1);
    if (this.listeners.size !== before) this.announcePresence();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.emitter.off('event', listener);
      const left = (this.listeners.get(advisorId) ?? 1) - 1;
      if (left > 0) this.listeners.set(advisorId, left);
      else {
        this.listeners.delete(advisorId);
        this.announcePresence();
      }
    };
  }

  /** Advisors with the console open on any instance (several tabs count once). */
  get advisorsOnline(): number {
    const online = new Set(this.listeners.keys());
    const now = this.now();
    for (const [instance, seen] of this.elsewhere) {
      if (now - seen.at > PRESENCE_STALE_MS) this.elsewhere.delete(instance);
      else seen.advisors.forEach((id) => online.add(id));
    }
    return online.size;
  }

  private async replay(payload: string): Promise<void> {
    try {
      const notice = JSON.parse(payload) as QueueNotice;
      if (this.emitter.listenerCount('event') === 0) return;
      const { reader } = this.shared!;
      if (notice.type === 'handoff') {
        const handoff = await reader.get(notice.id);
        if (handoff) this.emitter.emit('event', { type: 'handoff', handoff } satisfies QueueEvent);
      } else {
        const message = await reader.message(notice.messageId);
        if (message) this.emitter.emit('event', { type: 'message', handoffId: notice.handoffId, message } satisfies QueueEvent);
      }
    } catch (err) {
      this.shared!.onError(err as Error);
    }
  }

  private heard(payload: string, instance: string): void {
    try {
      const notice = JSON.parse(payload) as PresenceNotice;
      if (notice.advisors.length === 0) this.elsewhere.delete(instance);
      else this.elsewhere.set(instance, { advisors: notice.advisors, at: this.now() });
    } catch (err) {
      this.shared!.onError(err as Error);
    }
  }

  private announcePresence(): void {
    if (!this.shared) return;
    this.send(PRESENCE_CHANNEL, { advisors: [...this.listeners.keys()] } satisfies PresenceNotice);
  }

  private send(channel: string, notice: QueueNotice | PresenceNotice): void {
    this.shared!.notifications.publish(channel, JSON.stringify(notice)).catch((err: Error) => this.shared!.onError(err));
  }

  private now(): number {
    return this.shared?.now?.() ?? Date.now();
  }
}
