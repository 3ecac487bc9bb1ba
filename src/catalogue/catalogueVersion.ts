import type { Queryable } from '../db/database';

/**
 * A point in the catalogue's history: the database it belongs to and the last entry of its
 * change feed then. Whatever was saved at a version can be brought up to date by applying the
 * feed entries after it, as long as the feed still holds that entry.
 */
export interface CatalogueVersion {
  instance: string;
  seq: number;
  /** When that feed entry was written: a restored backup that reaches the same seq differs here. */
  at: number;
}

export async function currentCatalogueVersion(db: Queryable): Promise<CatalogueVersion> {
  const row = await db.get<{ instance: string; seq: number | null; at: number | null }>(
    `SELECT (SELECT instance FROM database_identity WHERE id = 1) AS instance, seq, at
       FROM catalogue_changes ORDER BY seq DESC LIMIT 1`,
  );
  return { instance: row?.instance ?? '', seq: row?.seq ?? 0, at: row?.at ?? 0 };
}

/**
 * How many records changed after `version`, or null when it cannot be caught up from here:
 * another database, or the entry is no longer in the feed (or never was).
 */
export async function changesSince(db: Queryable, version: CatalogueVersion): Promise<number | null> {
  const row = await db.get<{ instance: string | null; at: number | null; after: number }>(
    `SELECT (SELECT instance FROM database_identity WHERE id = 1) AS instance,
            (SELECT at FROM catalogue_changes WHERE seq = ?) AS at,
            (SELECT count(DISTINCT kind || ' ' || entity_id) FROM catalogue_changes WHERE seq > ?) AS after`,
    [version.seq, version.seq],
  );
  if (!row || !row.instance || row.instance !== version.instance || row.at !== version.at) return null;
  return row.after;
}
