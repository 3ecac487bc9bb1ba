import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readSeedCatalogue } from '../src/catalogue/seed';
import { loadLexicon } from '../src/search/lexicon';
import { FileSnapshotStore } from '../src/search/indexSnapshot';
import { SearchService } from '../src/search/searchService';
import { DATA_DIR, tempDir } from './helpers/testApp';

describe('the saved offer index', () => {
  const seed = readSeedCatalogue(DATA_DIR);
  const lexicon = loadLexicon(DATA_DIR);
  const questions = ['Integrationskurs in Döbeln', 'Kita Platz Freiberg', 'курси німецької мови Мітвайда', 'اعتراف بالشهادة', 'Volkshochschule Abendkurs', 'Intergrationskurs Frieberg'];
  const results = (search: SearchService) => questions.map((q) => search.searchOffers(search.analyze(q), { today: '2026-11-27' }));
  const open = (file: string, catalogue = seed) => new SearchService(catalogue, lexicon, {}, { store: new FileSnapshotStore(file), minOffers: 1 });

  it('is saved after a build and read back on the next start, giving the same results', () => {
    const file = path.join(tempDir(), 'index.json');
    const first = open(file);
    assert.equal(first.indexSource, 'built');
    assert.equal(first.saveIndex(), true);
    assert.equal(first.saveIndex(), false, 'nothing changed, nothing written');
    const second = open(file);
    assert.equal(second.indexSource, 'restored');
    assert.deepEqual(results(second), results(first));
  });

  it('is not used when an offer changed since it was saved, and is saved again after a live edit', () => {
    const file = path.join(tempDir(), 'index.json');
    open(file).saveIndex();
    const edited = seed.offers.map((o, i) => (i === 0 ? { ...o, title: { ...o.title, de: 'Quokka-Kurs' } } : o));
    const stale = open(file, { ...seed, offers: edited });
    assert.equal(stale.indexSource, 'built');
    assert.ok(stale.searchOffers(stale.analyze('Quokka')).hits.some((h) => h.offerId === seed.offers[0]!.id));

    const live = open(file);
    assert.equal(live.indexSource, 'restored');
    live.upsertOffer({ ...seed.offers[1]!, title: { ...seed.offers[1]!.title, de: 'Wombat-Kurs' } });
    assert.equal(live.saveIndex(), true);
    const next = open(file, { ...seed, offers: seed.offers.map((o, i) => (i === 1 ? live.getOffer(o.id)! : o)) });
    assert.equal(next.indexSource, 'restored');
    assert.ok(next.searchOffers(next.analyze('Wombat')).hits.some((h) => h.offerId === seed.offers[1]!.id));
  });

  it('finds offers by a renamed provider under the new name, and a damaged file only means a build', () => {
    const file = path.join(tempDir(), 'index.json');
    const search = open(file);
    const offer = seed.offers[0]!;
    const provider = seed.providers.find((p) => p.id === offer.providerId)!;
    search.upsertProvider({ ...provider, name: 'Numbat Bildungswerk' });
    assert.ok(search.searchOffers(search.analyze('Numbat')).hits.some((h) => h.offerId === offer.id));

    fs.writeFileSync(file, '{"fingerprint": "x", "index": {"broken": tru');
    assert.equal(open(file).indexSource, 'built');
  });

  it('is not kept for small catalogues, which build faster than a snapshot loads', () => {
    const file = path.join(tempDir(), 'index.json');
    const small = new SearchService(seed, lexicon, {}, { store: new FileSnapshotStore(file) });
    assert.equal(small.saveIndex(), false);
    assert.equal(fs.existsSync(file), false);
  });
});
