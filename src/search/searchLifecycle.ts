import path from 'node:path';
import type { Database } from '../db/database';
import type { Logger } from '../logging/logger';
import { CatalogueFollower } from './catalogueFollower';
import { FileSnapshotStore } from './indexSnapshot';
import { openSearch, saveSearch } from './openSearch';
import type { SearchService } from './searchService';

/** The service's search from start to stop: opened (restored or built), following the catalogue, saved. */
export interface RunningSearch {
  search: SearchService;
  /** Applies every committed catalogue change now (the catalogue service calls it after a commit). */
  catchUp(): Promise<void>;
  /** Stops following; catches up with other processes' changes and saves for the next start. */
  stop(): Promise<void>;
}

/**
 * Opens the search for a database and keeps it in step with the catalogue's change feed. The
 * saved index (a file beside the database) is a cache: failing to write it costs the next start
 * time, never this one. A build is saved at once; changes caught up after a restore at stop.
 */
export async function startSearch(db: Database, options: { databasePath: string; dataDir: string }, logger: Logger): Promise<RunningSearch> {
  const store = snapshotStore(db, options);
  const started = performance.now();
  const opened = await openSearch(db, options.dataDir, store && { store });
  const { search } = opened;
  logger.info({ offers: search.offerCount, index: search.indexSource, ms: Math.round(performance.now() - started) }, 'search ready');
  const follower = new CatalogueFollower(db, search, logger.child({ component: 'catalogue' }));
  await follower.start(opened.version);

  let savedAt = search.indexSource === 'restored' ? opened.version.seq : -1;
  const save = () => {
    if (!store || follower.version.seq === savedAt) return;
    try {
      if (saveSearch(store, opened, follower.version)) logger.info({ file: store.file }, 'search index saved for the next start');
      savedAt = follower.version.seq;
    } catch (err) {
      logger.warn({ err: (err as Error).message, file: store.file }, 'search index could not be saved');
    }
  };
  if (search.indexSource === 'built') save();

  return {
    search,
    catchUp: () => follower.catchUp(),
    stop: async () => {
      follower.stop();
      // What other processes changed since the last poll goes into the snapshot too.
      await follower.catchUp().catch((e: Error) => logger.warn({ err: e.message }, 'catalogue changes not applied before saving'));
      save();
    },
  };
}

/**
 * Beside the SQLite file; on PostgreSQL in the folder DATABASE_PATH names, one file per machine.
 * The saved index names the database it came from and the change it has seen, so a stale or
 * foreign one is rebuilt, never used.
 */
function snapshotStore(db: Database, options: { databasePath: string }): FileSnapshotStore | undefined {
  if (db.engine === 'postgres') return new FileSnapshotStore(path.join(path.dirname(options.databasePath), 'search-index.postgres.json'));
  return options.databasePath === ':memory:' ? undefined : new FileSnapshotStore(`${options.databasePath}.search-index.json`);
}
