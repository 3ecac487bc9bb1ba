import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { AUDIENCES, CATEGORY_IDS, LEVELS } from '../../src/catalogue/types';
import { decodeFacts, encodeFacts } from '../../src/search/factsCodec';
import { factsOf, type OfferFacts } from '../../src/search/offerFacts';
import { DATA_DIR } from '../helpers/files';

describe('the offers’ facts as saved with the search', () => {
  it('come back exactly as they were, lists in their order, for the seed and for any facts', () => {
    const seed = readSeedCatalogue(DATA_DIR).offers.map(factsOf);
    assert.deepEqual(decodeFacts(structuredClone(encodeFacts(seed))), seed);
    const facts = fc.record<OfferFacts>({
      id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
      status: fc.constantFrom('active', 'inactive'),
      categories: fc.uniqueArray(fc.constantFrom(...CATEGORY_IDS), { maxLength: 4 }),
      providerId: fc.string({ maxLength: 8 }),
      townId: fc.string({ maxLength: 8 }),
      levels: fc.uniqueArray(fc.constantFrom(...LEVELS), { maxLength: 3 }),
      mode: fc.constantFrom('onsite', 'online', 'phone'),
      audiences: fc.uniqueArray(fc.constantFrom(...AUDIENCES), { maxLength: 3 }),
      validUntil: fc.option(fc.constantFrom('2026-12-31', '2027-06-30')),
      sample: fc.boolean(),
      evening: fc.boolean(),
      free: fc.boolean(),
      childcare: fc.boolean(),
      womenOnly: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(facts, { maxLength: 20 }), (list) => assert.deepEqual(decodeFacts(structuredClone(encodeFacts(list))), list.map((f) => ({ ...f })))));
  });

  it('refuses arrays that do not fit each other, as a damaged file has them', () => {
    const encoded = encodeFacts(readSeedCatalogue(DATA_DIR).offers.map(factsOf));
    assert.throws(() => decodeFacts({ ...encoded, town: encoded.town.subarray(1) }));
    assert.throws(() => decodeFacts({ ...encoded, items: encoded.items.subarray(1) }));
    assert.throws(() => decodeFacts({ ...encoded, words: [] }));
  });
});
