import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROVIDER_KINDS, providerKind } from '../../src/catalogue/providerKinds';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { missingTranslations } from '../../src/catalogue/translationStatus';
import { DATA_DIR } from '../helpers/files';

describe('provider kinds', () => {
  it('reads a kind from every type the seed’s providers have, and the specific one first', () => {
    const unknown = readSeedCatalogue(DATA_DIR).providers.filter((p) => providerKind(p.type) === null).map((p) => p.type);
    assert.deepEqual(unknown, []);
    assert.equal(providerKind('Behörde (Ausländerbehörde)'), 'foreigners-office');
    assert.equal(providerKind('Behörde (Jobcenter, gemeinsame Einrichtung BA/Landkreis)'), 'jobcenter');
    assert.equal(providerKind('Hochschule (HAW) / Studienkolleg'), 'university');
    assert.equal(providerKind('Fahrradwerkstatt'), null);
  });

  it('has a label for every kind (the locale test then checks every language)', () => {
    const german = (JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'locales', 'de.json'), 'utf8')) as { providerKind: Record<string, string> }).providerKind;
    assert.deepEqual(Object.keys(german).sort(), [...PROVIDER_KINDS].sort());
  });

  it('describes every seed provider in all six languages', () => {
    const missing = missingTranslations({ offers: [], answers: [], categories: [], providers: readSeedCatalogue(DATA_DIR).providers }).filter((m) => m.providers.length);
    assert.deepEqual(missing, []);
  });
});
