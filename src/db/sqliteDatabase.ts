import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { AppError } from '../errors';
import type { Database, Queryable, RunResult, SqlParams, Transaction } from './database';
import { LocalNotifications } from './notifications';

const BUSY_TIMEOUT_MS = 5000;
const CHECKPOINT_ATTEMPTS = 5;
const CHECKPOINT_RETRY_MS = 50;
/** A checkpoint holds every write of ours back: it waits for other processes' reads only briefly. */
const CHECKPOINT_BUSY_MS = 100;
/** Distinct statements kept prepared; the product has some hundred. */
const MAX_PREPARED = 500;


/**
 * One connection to the SQLite file, promisified. An async transaction spans several event-loop
 * turns: without a lock, a write from another request could land inside our BEGIN…COMMIT and be
 * rolled back with it. So a transaction waits for the single statements already running and
 * holds back those issued while it is queued or open. Single statements outside transactions run
 * at once: queueing every write of every turn behind the previous one made concurrent
 * conversations wait for each other.
 */
export class SqliteDatabase implements Database {
  readonly engine = 'sqlite' as const;
  readonly notifications = new LocalNotifications();
  private writeLock: Promise<unknown> = Promise.resolve();
  /** Transactions (and checkpoints) queued or open; while any are, single writes queue behind them. */
  private transactions = 0;
  /** Single writes running outside any transaction; a transaction waits for them before BEGIN. */
  private readonly loneWrites = new Set<Promise<unknown>>();
  private closed = false;
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();

  private constructor(private readonly db: sqlite3.Database, readonly file: string) {}

  get location(): string {
    return this.file;
  }

  static async open(file: string): Promise<SqliteDatabase> {
    if (file !== ':memory:') {
      const dir = path.dirname(file);
      if (!fs.existsSync(dir)) {
        throw new AppError('databaseUnavailable', `DATABASE_PATH folder does not exist: ${dir}`);
      }
    }
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) =>
        err ? reject(new AppError('databaseUnavailable', `Cannot open database ${file}: ${err.message}`, { cause: err })) : resolve(db),
      );
    });
    const database = new SqliteDatabase(raw, file);
    try {
      // Reading the schema is the first thing that touches the file's header, so a file that is
      // not a database fails here with a clear message instead of being overwritten later.
      await database.get('SELECT count(*) AS n FROM sqlite_master');
      await database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (file !== ':memory:') await database.exec('PRAGMA journal_mode = WAL');
      await database.exec('PRAGMA synchronous = NORMAL');
      await database.exec('PRAGMA foreign_keys = ON');
      // Deleted rows (a newcomer's erased chat) are overwritten with zeros, not merely unlinked:
      // otherwise their text stays readable in free pages of the file.
      await database.exec('PRAGMA secure_delete = ON');
    } catch (err) {
      await database.close().catch(() => undefined);
      if (err instanceof AppError) throw err;
      throw new AppError(
        'databaseUnavailable',
        `Database file ${file} is not a usable SQLite database (${(err as Error).message}). It was left untouched; restore a backup or point DATABASE_PATH elsewhere.`,
        { cause: err },
      );
    }
    return database;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.write(() => this.rawRun(sql, params));
  }

  /** A single write that returns a row (`… RETURNING`), under the same rules as `run`. */
  runReturning<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.write(() => this.get<T>(sql, params));
  }

  private write<T>(statement: () => Promise<T>): Promise<T> {
    if (this.transactions > 0) return this.withWriteLock(statement);
    const running = statement();
    const tracked = running.catch(() => undefined).finally(() => this.loneWrites.delete(tracked));
    this.loneWrites.add(tracked);
    return running;
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.all<T>(sql, params).then((rows) => rows[0]);
  }

  /**
   * Every query runs to its end (`all`, never a half-read `get`): a prepared statement left on a
   * row keeps its read transaction open, which would hide other processes' writes from this
   * connection and keep checkpoints from emptying the log.
   */
  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    const done = (resolve: (rows: T[]) => void, reject: (err: Error) => void) => (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows));
    // While closing, a late query (a request still finishing) gets a statement of its own that
    // finalizes itself, so none is left open when the connection closes.
    if (this.closed) return new Promise((resolve, reject) => this.db.all(sql, params, done(resolve, reject)));
    const statement = await this.prepared(sql);
    return new Promise((resolve, reject) => statement.all(params, done(resolve, reject)));
  }

  /**
   * The statement for this SQL, prepared on first use and kept: preparing and finalizing a
   * statement for each of a turn's five queries was a tenth of its work on the main thread.
   * SQL with a varying number of placeholders makes new texts, so the set is bounded.
   */
  private prepared(sql: string): Promise<sqlite3.Statement> {
    const known = this.statements.get(sql);
    if (known) return known;
    if (this.statements.size >= MAX_PREPARED) void this.finalizeStatements();
    // sqlite3 drops the calls queued on a statement that failed to prepare: callers wait for
    // the preparation instead, and one that failed is not kept.
    const statement = new Promise<sqlite3.Statement>((resolve, reject) => {
      const prepared = this.db.prepare(sql, (err) => {
        if (!err) return resolve(prepared);
        this.statements.delete(sql);
        reject(err);
      });
    });
    this.statements.set(sql, statement);
    return statement;
  }

  /** Finalizes every kept statement once its queued calls have run (sqlite3 queues finalize behind them). */
  private async finalizeStatements(): Promise<void> {
    const statements = [...this.statements.values()];
    this.statements.clear();
    await Promise.all(
      statements.map((p) => p.then((s) => new Promise<void>((resolve) => s.finalize(() => resolve())), () => undefined)),
    );
  }

  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT; any throw rolls everything back. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusively(async () => {
      const tx: Transaction = {
        exec: (sql) => this.exec(sql),
        run: (sql, params = []) => this.rawRun(sql, params),
        get: (sql, params) => this.get(sql, params),
        all: (sql, params) => this.all(sql, params),
        runReturning: (sql, params) => this.get(sql, params),
      };
      await this.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        await this.exec('COMMIT');
        return result;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** One process writes the file, and callers order their own steps (see Database.atomic). */
  atomic<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return work(this);
  }

  /**
   * Copies the write-ahead log into the file and empties it. Pages of deleted rows live on in
   * the log until then, so erasure and retention call this after deleting. The log can only be
   * emptied while nothing reads it: this waits its turn like a transaction and retries briefly
   * while a read (ours or another process's) is still running. False when the log could not be
   * emptied completely; the next call (retention runs every few hours) finishes the job.
   */
  async checkpoint(): Promise<boolean> {
    if (this.file === ':memory:') return true;
    for (let attempt = 0; attempt < CHECKPOINT_ATTEMPTS; attempt++) {
      const emptied = await this.exclusively(async () => {
        await this.exec(`PRAGMA busy_timeout = ${CHECKPOINT_BUSY_MS}`);
        try {
          const row = await this.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
          return row?.busy === 0;
        } catch (err) {
          // One of our own reads, or another process, still holds the log open.
          const code = (err as { code?: string }).code;
          if (code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY') return false;
          throw err;
        } finally {
          await this.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
        }
      });
      if (emptied) return true;
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_RETRY_MS));
    }
    return false;
  }

  /** Runs `work` with no other write of this connection before, during or interleaved with it. */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    this.transactions++;
    const done = this.withWriteLock(async () => {
      await Promise.all([...this.loneWrites]);
      return work();
    });
    return done.finally(() => this.transactions--);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    void this.notifications.close();
    return Promise.all([this.writeLock, ...this.loneWrites])
      .then(() => this.finalizeStatements())
      .then(() => new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve()))));
  }

  private async rawRun(sql: string, params: SqlParams): Promise<RunResult> {
    // A classic function: sqlite3 passes the count of changed rows on `this`.
    const done = (resolve: (r: RunResult) => void, reject: (err: Error) => void) =>
      function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes });
      };
    if (this.closed) return new Promise((resolve, reject) => this.db.run(sql, params, done(resolve, reject)));
    const statement = await this.prepared(sql);
    return new Promise((resolve, reject) => statement.run(params, done(resolve, reject)));
  }

  private withWriteLock<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeLock.then(work, work);
    this.writeLock = next.catch(() => undefined);
    return next;
  }
}
