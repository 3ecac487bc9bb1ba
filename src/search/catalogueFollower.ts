import type { Database } from '../db/database';
import { CATALOGUE_CHANNEL } from '../db/migrations';
import type { Logger } from '../logging/logger';
import type { SearchService } from './searchService';
import { currentCatalogueVersion, type CatalogueVersion } from '../catalogue/catalogueVersion';
import { AnswerRepository } from '../catalogue/answerRepository';
import { OfferRepository } from '../catalogue/offerRepository';
import { ProviderRepository } from '../catalogue/providerRepository';

/**
 * Keeps this process's search index in step with the catalogue: reads the change feed (written
 * by database triggers, whoever changed what: this service, the CLI, the sqlite3 shell) and
 * replaces only the documents named there. The one way the index learns of a change.
 */
export class CatalogueFollower {
  private position: CatalogueVersion = { instance: '', seq: 0, at: 0 };
  private timer?: NodeJS.Timeout;
  private unlisten?: () => void;
  /** The poll now running: a catch-up waits for it, then reads what came after. */
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly search: SearchService,
    private readonly logger: Logger,
  ) {}

  /**
   * Applies what came after `from` (the version the search was read or restored at) before it
   * returns, then watches. Without `from`, starts at the newest change.
   */
  async start(from?: CatalogueVersion, intervalMs = 1000): Promise<void> {
    this.position = from ?? (await currentCatalogueVersion(this.db));
    await this.catchUp();
    const watch = () => void this.catchUp().catch((e: Error) => this.logger.error({ err: e.message }, 'catalogue watch failed'));
    // On PostgreSQL each committed change is announced, so another instance's edit is searchable
    // here at once; the poll stays for what no announcement reaches (a lost connection, the
    // sqlite3 shell or the CLI writing the SQLite file).
    this.unlisten = await this.db.notifications.listen(CATALOGUE_CHANNEL, watch);
    this.db.notifications.onReconnect(watch);
    this.timer = setInterval(() => void this.poll().catch((e: Error) => this.logger.error({ err: e.message }, 'catalogue watch failed')), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unlisten?.();
  }

  /** Applies every change in the feed now, including those committed while a poll was running. */
  async catchUp(): Promise<void> {
    if (this.running) await this.running.catch(() => 0);
    while ((await this.poll()) > 0);
  }

  /** The last feed entry applied: the search holds at least everything up to it. */
  get version(): CatalogueVersion {
    return this.position;
  }

  /** Applies what changed since the last poll; returns how many documents were refreshed. */
  async poll(): Promise<number> {
    if (this.running) return 0;
    this.running = this.applyNext();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async applyNext(): Promise<number> {
    {
      const changes = await this.db.all<{ seq: number; kind: string; entity_id: string; at: number }>(
        'SELECT seq, kind, entity_id, at FROM catalogue_changes WHERE seq > ? ORDER BY seq LIMIT 50000',
        [this.position.seq],
      );
      if (!changes.length) return 0;
      const ids = (kind: string) => [...new Set(changes.filter((c) => c.kind === kind).map((c) => c.entity_id))];
      const providers = new ProviderRepository(this.db);
      const offers = new OfferRepository(this.db);
      const changedProviders = ids('providers');
      if (changedProviders.length) for (const p of await providers.list()) if (changedProviders.includes(p.id)) await this.search.upsertProvider(p);
      const changedOffers = ids('offers');
      const offersNow = new Map((await offers.getMany(changedOffers)).map((o) => [o.id, o]));
      for (const id of changedOffers) {
        const offer = offersNow.get(id);
        if (offer) this.search.upsertOffer(offer);
        else this.search.removeOffer(id);
      }
      const changedAnswers = ids('answers');
      if (changedAnswers.length) {
        const current = new Map((await new AnswerRepository(this.db).list()).map((a) => [a.id, a]));
        for (const id of changedAnswers) {
          const answer = current.get(id);
          if (answer) this.search.upsertAnswer(answer);
          else this.search.removeAnswer(id);
        }
      }
      const last = changes.at(-1)!;
      this.position = { ...this.position, seq: last.seq, at: last.at };
      // The feed only needs to reach running processes and saved searches; a day covers any
      // restart. The newest entry stays: it is what a saved search is checked against.
      await this.db.run('DELETE FROM catalogue_changes WHERE at < ? AND seq < (SELECT max(seq) FROM catalogue_changes)', [Date.now() - 86_400_000]);
      this.logger.info({ changes: changes.length }, 'catalogue changes applied to the index');
      return changes.length;
    }
  }
}
