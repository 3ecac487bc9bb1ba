import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database, Engine } from '../../src/db/database';
import { migrate } from '../../src/db/migrations';
import { PostgresDatabase } from '../../src/db/postgresDatabase';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { tempDir } from './files';

/**
 * A throwaway PostgreSQL cluster for the run, started on first use from Debian's `postgresql`
 * package and stopped when the run ends. Each caller gets a fresh database in it. Without the
 * package, tests that need it are skipped, unless REQUIRE_POSTGRES=1 (CI) makes that a failure.
 */
const BIN_DIRS = [...(process.env.PATH ?? '').split(':'), ...listDirs('/usr/lib/postgresql').map((v) => path.join(v, 'bin')).sort().reverse()];

function listDirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir).map((d) => path.join(dir, d));
  } catch {
    return [];
  }
}

function binary(name: string): string | undefined {
  return BIN_DIRS.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
}

export const postgresAvailable = !!binary('initdb') && !!binary('pg_ctl');
export const postgresRequired = process.env.REQUIRE_POSTGRES === '1';

interface Cluster {
  dir: string;
  port: number;
  admin: string;
}

let cluster: Promise<Cluster> | undefined;
let databases = 0;

/** initdb refuses to run as root: as root the cluster belongs to the `postgres` system user. */
function asOwner(command: string, args: string[]): void {
  const run = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] as const : [command, args] as const;
  execFileSync(run[0], run[1], { stdio: 'pipe', timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startCluster(): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bl-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  asOwner(binary('initdb')!, ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'bl', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability settings off: the cluster lives for one test run.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asOwner(binary('pg_ctl')!, ['-D', path.join(dir, 'data'), '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  process.on('exit', () => {
    const stop = [binary('pg_ctl')!, '-D', path.join(dir, 'data'), '-m', 'immediate', 'stop'];
    if (process.getuid?.() === 0) spawnSync('runuser', ['-u', 'postgres', '--', ...stop], { stdio: 'ignore' });
    else spawnSync(stop[0]!, stop.slice(1), { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, port, admin: `postgres://bl@127.0.0.1:${port}/postgres` };
}

/** A new, empty database in the run's cluster; its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  cluster ??= startCluster();
  const { port, admin } = await cluster;
  const name = `t${process.pid}_${++databases}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `postgres://bl@127.0.0.1:${port}/${name}`;
}

/**
 * `describe` for a suite that needs PostgreSQL: skipped without the package, failed without it
 * when REQUIRE_POSTGRES=1.
 */
export function describeWithPostgres(title: string, body: (this: Mocha.Suite) => void): void {
  if (postgresAvailable) {
    describe(title, body);
  } else if (postgresRequired) {
    describe(title, () => it('needs PostgreSQL (apt-get install postgresql)', () => assert.fail('REQUIRE_POSTGRES=1 but no initdb found')));
  } else {
    describe.skip(`${title} (no PostgreSQL installed)`, body);
  }
}

/**
 * One suite per engine: `body` gets a function that opens a fresh, migrated database of that
 * engine. The storage tests run against both, so neither engine drifts from the other.
 */
export function describeEachEngine(title: string, body: (open: () => Promise<Database>, engine: Engine) => void): void {
  describe(`${title} (SQLite)`, () => body(async () => migrated(await SqliteDatabase.open(path.join(tempDir(), 'test.db'))), 'sqlite'));
  describeWithPostgres(`${title} (PostgreSQL)`, () => body(async () => migrated(await PostgresDatabase.open(await freshPostgresDatabase())), 'postgres'));
}

async function migrated(db: Database): Promise<Database> {
  await migrate(db);
  return db;
}
