import type { Logger } from '../logging/logger';
import type { Database } from './database';
import { PostgresDatabase } from './postgresDatabase';
import { SqliteDatabase } from './sqliteDatabase';

/** PostgreSQL when DATABASE_URL is set, else the SQLite file: the one place that chooses. */
export async function openDatabase(
  config: { databasePath: string; databaseUrl?: string; databasePoolSize?: number },
  logger?: Logger,
): Promise<Database> {
  if (!config.databaseUrl) return SqliteDatabase.open(config.databasePath);
  return PostgresDatabase.open(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onIdleError: (err) => logger?.warn({ err: err.message }, 'PostgreSQL connection lost; the pool reconnects'),
  });
}
