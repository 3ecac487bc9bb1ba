/**
 * Moves a county from its SQLite file (DATABASE_PATH) to PostgreSQL (DATABASE_URL): every table,
 * every row, into a new database. Stop the service first; the file is only read.
 *   DATABASE_PATH=data/bildungslotse.db DATABASE_URL=postgres://bl@db/bildungslotse npm run move-to-postgres
 */
import fs from 'node:fs';
import { loadConfig } from '../src/config/config';
import { copyDatabase } from '../src/db/copyDatabase';
import { PostgresDatabase } from '../src/db/postgresDatabase';
import { SqliteDatabase } from '../src/db/sqliteDatabase';
import { isAppError } from '../src/errors';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to the new PostgreSQL database, e.g. postgres://bl@localhost/bildungslotse');
  if (!fs.existsSync(config.databasePath)) throw new Error(`No SQLite file at ${config.databasePath} (DATABASE_PATH)`);
  const source = await SqliteDatabase.open(config.databasePath);
  try {
    const target = await PostgresDatabase.open(config.databaseUrl);
    try {
      const report = await copyDatabase(source, target, (table, rows) => console.log(`${table}: ${rows} rows`));
      const total = report.tables.reduce((n, t) => n + t.rows, 0);
      console.log(`copied ${total} rows in ${report.tables.length} tables from ${source.location} to ${target.location}`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

main().catch((err: unknown) => {
  console.error(isAppError(err) || err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
