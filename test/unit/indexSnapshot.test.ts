import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createAsk, openSearch, saveSearch, type OpenedSearch } from '../../src/ask/pipeline';
import { LANGUAGES } from '../../src/language/languages';
import { AuditLog } from '../../src/audit/auditLog';
import { UserRepository } from '../../src/auth/users';
import { CatalogueService } from '../../src/catalogue/catalogueService';
import { CatalogueFollower } from '../../src/search/catalogueFollower';
import { loadSeedIfEmpty, readSeedCatalogue } from '../../src/catalogue/seed';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { createLogger } from '../../src/logging/logger';
import { FileSnapshotStore } from '../../src/search/indexSnapshot';
import type { SearchService } from '../../src/search/searchService';
import { DATA_DIR, tempDir } from '../helpers/files';

/**
 * The search saved beside the database: a start reads it instead of the database when it was
 * made from this database, and catches up with what changed since; anything else means building.
 */
describe('the saved search', () => {
  const seed = readSeedCatalogue(DATA_DIR);
  const logger = createLogger('silent');
  const questions = ['Integrationskurs in Döbeln', 'Kita Platz Freiberg', 'курси німецької мови Мітвайда', 'اعتراف بالشهادة', 'Volkshochschule Abendkurs', 'Intergrationskurs Frieberg'];
  const results = (search: SearchService) => questions.map((q) => search.searchOffers(search.analyze(q), { today: '2026-11-27' }));
  const finds = (search: SearchService, words: string, id: string) => search.searchOffers(search.analyze(words)).hits.some((h) => h.offerId === id);

  async function database(file: string): Promise<SqliteDatabase> {
    const db = await SqliteDatabase.open(file);
    await migrate(db);
    await loadSeedIfEmpty(db, seed);
    return db;
  }

  /** A start as the service does it: open (restore or build), catch up, save if built. */
  async function start(db: SqliteDatabase, store: FileSnapshotStore): Promise<OpenedSearch & { watcher: CatalogueFollower; save: () => boolean }> {
    const opened = await openSearch(db, DATA_DIR, { store });
    const watcher = new CatalogueFollower(db, opened.search, logger);
    await watcher.start(opened.version);
    watcher.stop();
    const save = () => saveSearch(store, opened, watcher.version, 1);
    return { ...opened, watcher, save };
  }

  async function editTitle(db: SqliteDatabase, search: SearchService, id: string, title: string): Promise<void> {
    const user = await new UserRepository(db).add({ username: `koord${Date.now()}`, password: 'correct horse battery staple', role: 'coordinator' });
    const service = new CatalogueService(db, { towns: search.towns, audit: new AuditLog(db), logger });
    const record = (await service.get('offers', id)) as { title: Record<string, string> };
    await service.update('offers', id, { ...record, title: { ...record.title, de: title } }, user.id);
  }

  it('is read back on the next start instead of the database, with the same results', async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(path.join(dir, 'index'));
    const db = await database(path.join(dir, 'c.db'));
    try {
      const first = await start(db, store);
      assert.equal(first.search.indexSource, 'built');
      assert.equal(first.save(), true);
      const second = await start(db, store);
      assert.equal(second.search.indexSource, 'restored');
      assert.equal(second.search.offerCount, seed.offers.length);
      assert.deepEqual(results(second.search), results(first.search));
      // The answers' index comes back too, instead of tokenising every variant again.
      const answers = (search: SearchService) => questions.map((q) => search.matchAnswers(search.analyze(q)));
      assert.deepEqual(answers(second.search), answers(first.search));
      assert.ok(answers(second.search).some((found) => found.length > 0));
      // What ranking and filters read came back whole; the offers shown are read from the database.
      assert.deepEqual(second.search.activeOffers('2000-01-01'), first.search.activeOffers('2000-01-01'));
      assert.deepEqual((await second.search.readOffers([seed.offers[0]!.id]))[0]?.title, seed.offers[0]!.title);
    } finally {
      await db.close();
    }
  });

  it('keeps only what ranking reads: the offers it shows come from the database, as they are there now', async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(path.join(dir, 'index'));
    const db = await database(path.join(dir, 'c.db'));
    try {
      const first = await start(db, store);
      first.save();
      // No offer text is saved with the index: a Land's offers in six languages stay in the database.
      const saved = fs.readFileSync(store.file, 'utf8');
      const offer = seed.offers.find((o) => o.summary.uk && o.summary.de.length > 40)!;
      for (const text of [offer.title.de, offer.summary.de, offer.summary.uk!]) assert.ok(!saved.includes(JSON.stringify(text).slice(1, -1)), text);
      const second = await start(db, store);
      const { search } = second;
      assert.equal(search.indexSource, 'restored');
      // Paused in the sqlite3 shell, not yet applied to the index: neither shown nor opened.
      const ask = createAsk(search);
      const question = { text: 'Integrationskurs Döbeln', limit: 5, supported: LANGUAGES };
      const best = search.findOffers({ analysis: search.analyze(question.text), limit: 5 }).hits[0]!.offerId;
      await db.run("UPDATE offers SET status = 'inactive' WHERE id = ?", [best]);
      assert.ok(!(await ask.ask(question)).offers.some((o) => o.offer.id === best), 'a paused offer is not shown');
      assert.equal(await search.visibleOffer(best), undefined);
      // Another offer's texts come from the database as they are; the paused one is read as hidden.
      const other = seed.offers.find((o) => o.id !== best && o.summary.uk)!;
      assert.deepEqual((await search.readOffers([other.id]))[0]?.summary, other.summary);
      assert.deepEqual(await search.readOffers([best]), []);
      // An offer shown is kept for the next question; an edit replaces it as soon as the search applies it.
      const shown = (await ask.ask(question)).offers[0]!.offer;
      await db.run("UPDATE offer_translations SET title = 'Quokka-Kurs' WHERE offer_id = ? AND lang = 'de'", [shown.id]);
      await second.watcher.catchUp();
      const again = (await ask.ask(question)).offers.find((o) => o.offer.id === shown.id);
      assert.equal(again?.offer.title.de, 'Quokka-Kurs');
    } finally {
      await db.close();
    }
  });

  it('catches up with changes made after it was saved, even in the sqlite3 shell, and a change made while running is saved at stop', async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(path.join(dir, 'index'));
    const db = await database(path.join(dir, 'c.db'));
    try {
      (await start(db, store)).save();
      // Another process (the CLI) edits while the service is down.
      const other = await openSearch(db, DATA_DIR);
      await editTitle(db, other.search, seed.offers[0]!.id, 'Quokka-Kurs');
      // And someone edits a title in the sqlite3 shell.
      await db.run("UPDATE offer_translations SET title = 'Dingo-Kurs' WHERE offer_id = ? AND lang = 'de'", [seed.offers[3]!.id]);
      const next = await start(db, store);
      assert.equal(next.search.indexSource, 'restored');
      assert.ok(finds(next.search, 'Quokka', seed.offers[0]!.id), 'the change since the save is applied at start');
      assert.ok(finds(next.search, 'Dingo', seed.offers[3]!.id), 'so is a change made outside the service');

      // Edited in this process, saved at stop: the start after reads it without catching up.
      await editTitle(db, next.search, seed.offers[1]!.id, 'Wombat-Kurs');
      await next.watcher.catchUp();
      assert.equal(next.save(), true);
      const after = await start(db, store);
      assert.equal(after.search.indexSource, 'restored');
      assert.ok(finds(after.search, 'Wombat', seed.offers[1]!.id));
      assert.ok(finds(after.search, 'Quokka', seed.offers[0]!.id));
    } finally {
      await db.close();
    }
  });

  it('is not used by another database, by a restored backup that changed differently, or after damage', async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(path.join(dir, 'index'));
    const db = await database(path.join(dir, 'c.db'));
    try {
      (await start(db, store)).save();
      fs.copyFileSync(path.join(dir, 'c.db'), path.join(dir, 'backup.db'));
      // Another database file with the same content is still another database.
      const fresh = await database(path.join(dir, 'other.db'));
      assert.equal((await start(fresh, store)).search.indexSource, 'built');
      await fresh.close();

      // The live database moves on and is saved; then the backup is put back and edited once.
      const live = await start(db, store);
      await editTitle(db, live.search, seed.offers[0]!.id, 'Quokka-Kurs');
      await live.watcher.catchUp();
      live.save();
      const backup = await database(path.join(dir, 'backup.db'));
      try {
        await editTitle(backup, (await openSearch(backup, DATA_DIR)).search, seed.offers[2]!.id, 'Numbat-Kurs');
        const restored = await start(backup, store);
        assert.equal(restored.search.indexSource, 'built', 'same number of changes, different changes');
        assert.ok(!finds(restored.search, 'Quokka', seed.offers[0]!.id));
        assert.ok(finds(restored.search, 'Numbat', seed.offers[2]!.id));
      } finally {
        await backup.close();
      }

      fs.writeFileSync(store.file, fs.readFileSync(store.file, 'utf8').slice(0, 5000));
      assert.equal((await start(db, store)).search.indexSource, 'built');
    } finally {
      await db.close();
    }
  });

  it('is not kept for small catalogues, which build faster than a snapshot loads', async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(path.join(dir, 'index'));
    const db = await database(path.join(dir, 'c.db'));
    try {
      const opened = await openSearch(db, DATA_DIR, { store });
      assert.equal(saveSearch(store, opened, opened.version), false);
      assert.equal(fs.existsSync(store.file), false);
    } finally {
      await db.close();
    }
  });
});
