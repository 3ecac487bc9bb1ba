/**
 * What the rest of the service knows about its database: statements with `?` placeholders,
 * transactions, and nothing of the engine behind them. SQLite (one file, the embedded default)
 * and PostgreSQL (`DATABASE_URL`, several instances on one database) both implement it.
 */
import type { Notifications } from './notifications';

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = readonly SqlValue[];

export interface RunResult {
  /** Rows the statement inserted, changed or deleted. */
  changes: number;
}

/** The statements a repository may issue; a transaction hands out the same shape. */
export interface Queryable {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** A single write that returns a row: `INSERT … RETURNING id` on both engines. */
  runReturning<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
}

/** Inside a transaction: statements, and scripts (migrations) that belong to the same transaction. */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export type Engine = 'sqlite' | 'postgres';

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Where the data lives, for logs: a file path or a connection URL without its password. */
  readonly location: string;
  /** Messages to every instance on this database (in process on SQLite). */
  readonly notifications: Notifications;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` as one transaction; any throw rolls everything back. Transactions never
   * interleave, on one instance or (PostgreSQL) across instances: the catalogue's read-then-write
   * steps rely on that, as they did on SQLite's single writer.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs a few statements as one unit that other instances see whole or not at all, relying on
   * the row locks the statements take rather than on excluding every other transaction: for
   * short steps many requests take at once (each activity a conversation stores). SQLite has
   * one writer process, which runs the statements as they come; PostgreSQL runs them in a
   * transaction of their own.
   */
  atomic<T>(work: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Makes deleted rows unreadable on disk where the engine can be asked to (SQLite's log
   * checkpoint). False when it could not finish now; the next call retries.
   */
  checkpoint(): Promise<boolean>;
  close(): Promise<void>;
}
