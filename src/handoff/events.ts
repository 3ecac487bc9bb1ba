import { EventEmitter } from 'node:events';
import type { Handoff, HandoffMessage } from './types';

export type QueueEvent =
  | { type: 'handoff'; handoff: Handoff }
  | { type: 'message'; handoffId: string; message: HandoffMessage }
  /** The service is stopping: streams end so the server can close. */
  | { type: 'shutdown' };

/**
 * In-process fan-out of queue changes to the advisors' event streams. It also counts who is
 * listening, which is how the bot knows whether anyone can answer right now.
 */
export class HandoffEvents {
  private readonly emitter = new EventEmitter();
  private listeners = new Map<number, number>();

  constructor() {
    // Every open console is a listener; the default cap of 10 would warn at the 11th advisor tab.
    this.emitter.setMaxListeners(0);
  }

  publish(event: QueueEvent): void {
    this.emitter.emit('event', event);
  }

  /** Subscribes an advisor's stream; the returned function unsubscribes. */
  subscribe(advisorId: number, listener: (event: QueueEvent) => void): () => void {
    this.emitter.on('event', listener);
    this.listeners.set(advisorId, (this.listeners.get(advisorId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.emitter.off('event', listener);
      const left = (this.listeners.get(advisorId) ?? 1) - 1;
      if (left > 0) this.listeners.set(advisorId, left);
      else this.listeners.delete(advisorId);
    };
  }

  /** Advisors with the console open (several tabs count once). */
  get advisorsOnline(): number {
    return this.listeners.size;
  }
}
