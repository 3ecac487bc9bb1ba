import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * Messages between the instances of the service: "conversation X has a new activity", "handoff
 * Y changed", "the catalogue changed". A message reaches every other instance listening on its
 * channel, never the one that sent it (which has handled its own change already). Payloads are
 * short references (at most 7,900 bytes): the data itself is read from the database.
 */
export interface Notifications {
  publish(channel: string, payload: string): Promise<void>;
  /**
   * Calls `handler` for each message on `channel` from another instance (`sender` its id) or from
   * the database itself (a trigger; `sender` empty). The returned function stops it.
   */
  listen(channel: string, handler: (payload: string, sender: string) => void): Promise<() => void>;
  /**
   * Called after the connection that listens was lost and restored: messages sent meanwhile
   * are lost, so listeners catch up from the database.
   */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

/** PostgreSQL takes up to 7,999 bytes; the sender's id goes in front. */
export const MAX_PAYLOAD_BYTES = 7_900;

/** One instance on a SQLite file: there is nobody to tell. */
export class LocalNotifications implements Notifications {
  async publish(): Promise<void> {
    // No other instance shares the file.
  }

  async listen(): Promise<() => void> {
    return () => undefined;
  }

  onReconnect(): void {
    // No connection to lose.
  }

  async close(): Promise<void> {
    // Nothing open.
  }
}

const RECONNECT_MS = [100, 500, 1000, 2000, 5000];
const SENDER_END = ':';
/** A payload an instance published starts with its id; a trigger's does not. */
const SENT_BY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):/;

/**
 * PostgreSQL's LISTEN/NOTIFY: one connection per instance listens, notifications go out over the
 * pool. A NOTIFY inside a transaction is delivered when it commits, never if it rolls back.
 */
export class PostgresNotifications implements Notifications {
  /** Sent ahead of each payload, so an instance can leave its own messages out. */
  private readonly instance = randomUUID();
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
    await this.send('SELECT pg_notify(?, ?)', [channel, `${this.instance}${SENDER_END}${payload}`]);
  }

  async listen(channel: string, handler: (payload: string, sender: string) => void): Promise<() => void> {
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
    client.on('notification', (n) => this.received(n.channel, n.payload ?? ''));
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

  private received(channel: string, message: string): void {
    const sent = SENT_BY.exec(message);
    if (!sent) return void this.emitter.emit(channel, message, '');
    if (sent[1] !== this.instance) this.emitter.emit(channel, message.slice(sent[0].length), sent[1]);
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
