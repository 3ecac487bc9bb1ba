import { AppError } from '../errors';
import type { Database, SqlValue } from './database';
import { migrate } from './migrations';
import type { SqliteDatabase } from './sqliteDatabase';

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
const ROWS_PER_INSERT = 200;
/**
 * The target keeps its own: its migrations, its identity (a saved search index belongs to one
 * database), and its change feed, which its triggers fill as the rows arrive.
 */
const NOT_COPIED = new Set(['schema_migrations', 'database_identity', 'catalogue_changes']);

export interface CopyReport {
  tables: { table: string; rows: number }[];
}

/**
 * Moves a county from its SQLite file to PostgreSQL: every table, every row, in one transaction
 * on the target, which must be new (migrated here, no offers, staff or conversations yet). The
 * source is only read. Tables go parents first, so foreign keys hold at every insert; the
 * target's row numbering continues after the highest copied id.
 */
export async function copyDatabase(source: SqliteDatabase, target: Database, progress: (table: string, rows: number) => void = () => undefined): Promise<CopyReport> {
  await migrate(source);
  await migrate(target);
  const tables = await tablesParentsFirst(source);
  const report: CopyReport = { tables: [] };
  await target.transaction(async (tx) => {
    for (const table of ['offers', 'users', 'dl_conversations', 'handoffs']) {
      const found = await tx.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      if ((found?.n ?? 0) > 0) throw new AppError('conflict', `The target database already holds ${table}; copy only into a new, empty database.`);
    }
    // What an instance may have put into the new database on its first start (the seed's towns,
    // categories and catalogue) gives way to the county's.
    for (const table of [...tables].reverse()) await tx.run(`DELETE FROM ${table}`);
    for (const table of tables) {
      const columns = (await source.all<{ name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid', [table])).map((c) => c.name);
      const list = columns.join(', ');
      const marks = `(${columns.map(() => '?').join(', ')})`;
      let copied = 0;
      for (let offset = 0; ; offset += ROWS_PER_INSERT) {
        const rows = await source.all<Record<string, SqlValue>>(`SELECT ${list} FROM ${table} ORDER BY rowid LIMIT ? OFFSET ?`, [ROWS_PER_INSERT, offset]);
        if (rows.length === 0) break;
        await tx.run(
          `INSERT INTO ${table} (${list}) VALUES ${rows.map(() => marks).join(', ')}`,
          rows.flatMap((row) => columns.map((c) => row[c] ?? null)),
        );
        copied += rows.length;
      }
      progress(table, copied);
      report.tables.push({ table, rows: copied });
    }
    if (target.engine === 'postgres') {
      // Identity columns count on from where the county's ids stopped.
      const identities = await tx.all<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
      );
      for (const { table_name: table, column_name: column } of identities) {
        await tx.run(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce((SELECT max(${column}) FROM ${table}), 0) + 1, false)`);
      }
    }
  });
  return report;
}

/** The source's tables ordered so that every table comes after the tables it references. */
async function tablesParentsFirst(source: SqliteDatabase): Promise<string[]> {
  const names = (await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.has(n));
  const parents = new Map<string, string[]>();
  for (const name of names) {
    const refs = await source.all<{ table: string }>('SELECT "table" FROM pragma_foreign_key_list(?)', [name]);
    parents.set(name, [...new Set(refs.map((r) => r.table))].filter((t) => t !== name));
  }
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new AppError('internal', `Tables reference each other in a circle: ${[...path, name].join(' → ')}`);
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}
