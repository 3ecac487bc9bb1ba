import type { Database } from '../db/database';
import { OfferRepository } from './offerRepository';

/**
 * Data steps an SQL migration cannot do, run after `migrate` by everything that opens the
 * database (service, CLI, bench), in one transaction. Each step finds its own unfinished rows,
 * so running it again does nothing.
 */
export async function upgradeCatalogue(db: Database): Promise<{ timesRead: number }> {
  return db.transaction(async (tx) => ({ timesRead: await new OfferRepository(tx).readLegacyTimes() }));
}
