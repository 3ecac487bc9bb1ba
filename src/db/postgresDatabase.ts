import pg from 'pg';
import { AppError } from '../errors';
import type { Database, Queryable, RunResult, SqlParams, Transaction } from './database';
import { PostgresNotifications, type Notifications } from './notifications';
import { numberedPlaceholders } from './placeholders';

/**
 * Every transaction of every instance takes this one lock first. The catalogue, erasure,
 * retention and the migrations read and then write inside a transaction and were written for
 * SQLite's single writer; serialising them keeps that promise across instances. Transactions are
 * rare (an edit, an import, an erasure); single statements, every turn's state writes and a
 * handoff's accept among them, never take it, nor does `atomic`.
 */
const TRANSACTION_LOCK = 7_531_400_001;

/**
 * Counts and ids arrive as int8 and sums as numeric, which pg hands out as strings to keep their
 * precision. Ours are row counts and millisecond times, far below 2^53: numbers, as on SQLite.
 */
const NUMBER_TYPES = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_TYPES.has(oid) ? (value: string) => (value === null ? null : Number(value)) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections per instance. */
  poolSize?: number;
  /** Called with errors of idle and listening connections (a restarted server), which would otherwise end the process. */
  onIdleError?: (err: Error) => void;
}

/** The shared database of several instances: a pool of connections to one PostgreSQL database. */
export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  readonly notifications: Notifications;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    url: string,
    onError: (err: Error) => void,
  ) {
    this.notifications = new PostgresNotifications(url, (sql, params) => this.run(sql, params), onError);
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const location = withoutPassword(url);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000 });
    pool.on('error', (err) => options.onIdleError?.(err));
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new AppError('databaseUnavailable', `Cannot connect to PostgreSQL at ${location}: ${(err as Error).message}`, { cause: err });
    }
    return new PostgresDatabase(pool, location, url, (err) => options.onIdleError?.(err));
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return runOn(this.pool, sql, params);
  }

  async runReturning<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.get<T>(sql, params);
  }

  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await queryOn<T>(this.pool, sql, params)).rows[0];
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await queryOn<T>(this.pool, sql, params)).rows;
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.inTransaction(true, work);
  }

  atomic<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return this.inTransaction(false, work);
  }

  private async inTransaction<T>(exclusive: boolean, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (exclusive) await client.query('SELECT pg_advisory_xact_lock($1)', [TRANSACTION_LOCK]);
      const tx: Transaction = {
        exec: async (sql) => void (await client.query(sql)),
        run: (sql, params = []) => runOn(client, sql, params),
        get: async <R>(sql: string, params: SqlParams = []) => (await queryOn<R>(client, sql, params)).rows[0],
        all: async <R>(sql: string, params: SqlParams = []) => (await queryOn<R>(client, sql, params)).rows,
        runReturning: async <R>(sql: string, params: SqlParams = []) => (await queryOn<R>(client, sql, params)).rows[0],
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw err;
    } finally {
      // A connection that could not even roll back is dropped rather than handed to the next caller.
      client.release(broken);
    }
  }

  /** PostgreSQL reclaims deleted rows itself (autovacuum); there is no log for us to empty. */
  async checkpoint(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.notifications.close();
    await this.pool.end();
  }
}

type Client = pg.Pool | pg.PoolClient;

function queryOn<T>(client: Client, sql: string, params: SqlParams): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
  return client.query<T & pg.QueryResultRow>(numberedPlaceholders(sql), params.map(withoutNul));
}

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite stores. A newcomer's message with one (a
 * pasted binary, a probe) must not fail the turn; the character carries nothing, so it goes.
 */
function withoutNul(value: SqlParams[number]): unknown {
  return typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '') : value;
}

async function runOn(client: Client, sql: string, params: SqlParams): Promise<RunResult> {
  const result = await queryOn(client, sql, params);
  return { changes: result.rowCount ?? 0 };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}
