import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readImportFile, type ImportFormat } from '../../src/catalogue/importFile';
import { parseRecord, type OfferRecord } from '../../src/catalogue/records';
import { recordToRow, toCsv, toXlsx } from '../../src/catalogue/tabular';
import { AUDIENCES, CATEGORY_IDS, LEVELS } from '../../src/catalogue/types';
import { LANGUAGES } from '../../src/language/languages';

// What coordinators paste into cells: separators, quotes, line breaks, formula starts, right-to-
// left marks, Arabic, Cyrillic, umlauts, emoji, leading apostrophes.
const tricky = fc.constantFrom(';', ',', '"', '|', '\n', '\r\n', '=', '+', '-', '@', "'", "'=", '\t', '\u202E', '\u200F', 'ä', 'ß', 'ї', 'ي', '۴', '😀', ' ');
const cellText = fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join(''));
const required = cellText.filter((t) => t.trim().length > 0);
const texts = (mustHaveGerman: boolean) =>
  fc.record(Object.fromEntries(LANGUAGES.map((l) => [l, l === 'de' && mustHaveGerman ? required : cellText])), {
    requiredKeys: mustHaveGerman ? ['de'] : [],
  });

const offerRecord = fc.record({
  id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
  status: fc.constantFrom('active', 'inactive'),
  categories: fc.subarray([...CATEGORY_IDS], { minLength: 1 }),
  town: fc.constantFrom('doebeln', 'freiberg'),
  providerId: fc.constantFrom('p-vhs-dl', 'p-lra'),
  title: texts(true),
  summary: texts(false),
  address: cellText,
  schedule: cellText,
  scheduleNote: texts(false),
  cost: cellText,
  costNote: texts(false),
  free: fc.boolean(),
  levels: fc.subarray([...LEVELS]),
  childcare: fc.boolean(),
  womenOnly: fc.boolean(),
  evening: fc.boolean(),
  mode: fc.constantFrom('onsite', 'online', 'phone'),
  instructionLanguages: fc.subarray(['de', 'en', 'uk', 'ar'], { minLength: 1 }),
  audiences: fc.subarray([...AUDIENCES]),
  targetGroup: texts(false),
  contact: texts(false),
  url: fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: null }),
  validUntil: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
  sample: fc.boolean(),
  source: cellText,
});

/** The record as stored; an empty translation and a missing one are the same (both fall back to German). */
function valid(value: unknown): OfferRecord {
  const parsed = parseRecord('offers', value, 1);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  const present = (texts: Record<string, string | undefined>) => Object.fromEntries(Object.entries(texts).filter(([, t]) => t));
  const r = parsed.record;
  return {
    ...r,
    title: present(r.title) as OfferRecord['title'],
    summary: present(r.summary),
    scheduleNote: present(r.scheduleNote),
    costNote: present(r.costNote),
    targetGroup: present(r.targetGroup),
    contact: present(r.contact),
  };
}

async function roundTrip(record: OfferRecord, format: ImportFormat): Promise<OfferRecord> {
  const row = recordToRow('offers', record);
  const bytes = format === 'csv' ? toCsv('offers', [row]) : await toXlsx({ offers: [row] });
  const { input, problems } = await readImportFile(bytes, format, format === 'csv' ? 'offers' : undefined);
  assert.deepEqual(problems, []);
  assert.equal(input.offers?.length, 1);
  return valid(input.offers![0]!.value);
}

describe('importer properties', () => {
  // XLSX is slower to write and read; fewer runs.
  for (const [format, numRuns] of [['csv', 400], ['xlsx', 60]] as const) {
    it(`gives back every offer exactly as exported, through ${format.toUpperCase()}`, async () => {
      await fc.assert(
        fc.asyncProperty(offerRecord, async (generated) => {
          const record = valid(generated);
          assert.deepEqual(await roundTrip(record, format), record);
        }),
        { numRuns },
      );
    });
  }

  it('answers any bytes, damaged spreadsheets included, with problems a coordinator can find, never an exception', async () => {
    const sheet = await toXlsx({ offers: [recordToRow('offers', valid(fc.sample(offerRecord, { numRuns: 1, seed: 7 })[0]))] });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
      fc.integer({ min: 0, max: sheet.length - 1 }).map((cut) => new Uint8Array(sheet.subarray(0, cut))),
      fc.tuple(fc.integer({ min: 0, max: sheet.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, b]) => {
        const copy = new Uint8Array(sheet);
        copy[at] = b;
        return copy;
      }),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom<ImportFormat>('csv', 'json', 'xlsx'), async (data, format) => {
        const { problems } = await readImportFile(data, format);
        for (const p of problems) {
          assert.ok(Number.isInteger(p.row) && p.row >= 0, JSON.stringify(p));
          assert.ok(p.field.length > 0 && p.message.length > 0, JSON.stringify(p));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an unknown audience with its row and column, and names the allowed ones', () => {
    const parsed = parseRecord('offers', { id: 'x-1', categories: ['childcare'], town: 'freiberg', providerId: 'p-lra', title: { de: 'Kita' }, audiences: ['young-children', 'toddlers'] }, 7);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems.map((p) => [p.row, p.field]), [[7, 'audiences.1']]);
    assert.match(parsed.problems[0]!.message, /Unbekannte Zielgruppe\. Erlaubt: young-children, primary-pupils/);
  });
});
