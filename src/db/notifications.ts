import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * Messages between the instances of the service: "conversation X has a new activity", "handoff
 * Y changed", "the catalogue changed". Every listener of a channel hears every message, the
 * sending instance's own included, so each feature has one path whether it runs as one instance
 * or several. Payloads are short references (at most 7,900 bytes on PostgreSQL): the data itself
 * is read from the database.
 */
export interface Notifications {
  publish(channel: string, payload: string): Promise<void>;
  /** Calls `handler` for each message on `channel`; the returned function stops it. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => void>;
  /**
   * Called after the connection that listens was lost and restored: messages sent meanwhile
   * are lost, so listeners catch up from the database.
   */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

export const MAX_PAYLOAD_BYTES = 7_900;

/** One instance on a SQLite file: messages stay in the process. */
export class LocalNotifications implements Notifications {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, payload: string): Promise<void> {
    this.emitter.emit(channel, payload);
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => void> {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }

  onReconnect(): void {
    // One process: nothing to lose.
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const RECONNECT_MS = [100, 500, 1000, 2000, 5000];

/**
 * PostgreSQL's LISTEN/NOTIFY: one connection per instance listens, notifications go out over the
 * pool. A NOTIFY inside a transaction is delivered when it commits, never if it rolls back.
 */
export class PostgresNotifications implements Notifications {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly channels = new Set<string>();
  private readonly reconnected = new Set<() => void>();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private closed = false;
  private attempts = 0;

  constructor(
    private readonly url: string,
    private readonly send: (sql: string, params: string[]) => Promise<unknown>,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  async publish(channel: string, payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`notification on ${channel} too long (${Buffer.byteLength(payload)} bytes)`);
    await this.send('SELECT pg_notify(?, ?)', [channel, payload]);
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => void> {
    this.emitter.on(channel, handler);
    if (!this.channels.has(channel)) {
      this.channels.add(channel);
      const client = await this.connection();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    }
    return () => this.emitter.off(channel, handler);
  }

  onReconnect(handler: () => void): void {
    this.reconnected.add(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => this.emitter.emit(n.channel, n.payload ?? ''));
    client.on('error', (err) => {
      this.onError(err);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of this.channels) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    this.client = client;
    this.attempts = 0;
    return client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    const retry = () => {
      if (this.closed) return;
      this.connection().then(
        () => this.reconnected.forEach((handler) => handler()),
        (err: Error) => {
          this.onError(err);
          setTimeout(retry, RECONNECT_MS[Math.min(this.attempts++, RECONNECT_MS.length - 1)]).unref();
        },
      );
    };
    setTimeout(retry, RECONNECT_MS[0]).unref();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
