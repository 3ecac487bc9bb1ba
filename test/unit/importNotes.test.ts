import assert from 'node:assert/strict';
import { readImportFile } from '../../src/catalogue/importFile';
import { parseRecord, toOffer, type OfferRecord } from '../../src/catalogue/records';

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe('importing schedules, costs and notes', () => {
  it('reads an older sheet: schedule and cost into data, the unread rest as the German note, named by row', async () => {
    const { input, problems, warnings } = await readImportFile(
      csv([
        'id;town;providerId;categories;title_de;schedule;cost;targetGroup;contact',
        'kurs-a;freiberg;p-vhs-fg;german-course;Kurs A;Beispiel: Start 11.01.2027, Mo–Fr 08:30–11:45;kostenlos;Frauen ab 16;VHS Freiberg',
        'kurs-b;freiberg;p-vhs-fg;german-course;Kurs B;Schultag nach Stundenplan;2,29 €/UE bzw. kostenfrei;;',
      ]),
      'csv',
    );
    assert.deepEqual(problems, []);
    assert.equal(warnings.filter((w) => /„targetGroup“.*„targetGroup_de“/.test(w)).length, 1, warnings.join('\n'));
    assert.equal(warnings.filter((w) => /„contact“.*„contact_de“/.test(w)).length, 1);
    assert.ok(warnings.some((w) => w.startsWith('Zeile 3, schedule: „Schultag nach Stundenplan“')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.startsWith('Zeile 3, cost: „2,29 €/UE bzw. kostenfrei“')));
    assert.ok(!warnings.some((w) => w.startsWith('Zeile 2')), 'a schedule read whole is not reported');

    const offers = input.offers!.map(({ value }) => {
      const parsed = parseRecord('offers', value, 0);
      assert.ok(parsed.ok);
      return toOffer(parsed.record as OfferRecord);
    });
    assert.deepEqual(offers[0]!.schedule.days, [0, 1, 2, 3, 4]);
    assert.deepEqual(offers[0]!.targetGroup, { de: 'Frauen ab 16' });
    assert.deepEqual(offers[0]!.contact, { de: 'VHS Freiberg' });
    assert.equal(offers[0]!.cost.free, true);
    assert.deepEqual(offers[1]!.scheduleNote, { de: 'Schultag nach Stundenplan' });
    assert.deepEqual(offers[1]!.costNote, { de: '2,29 €/UE bzw. kostenfrei' });
  });

  it('refuses a language map with a language it does not know, naming the field', () => {
    const parsed = parseRecord('offers', { id: 'kurs', town: 'freiberg', providerId: 'p', categories: ['german-course'], title: { de: 'Kurs' }, scheduleNote: { de: 'x', tr: 'y' } }, 4);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems.map((p) => [p.row, p.field]), [[4, 'scheduleNote.tr']]);
    assert.match(parsed.problems[0]!.message, /Unbekanntes Feld: tr/);
  });

  it('accepts an older client’s target group as one German text', () => {
    const parsed = parseRecord('offers', { id: 'kurs', town: 'freiberg', providerId: 'p', categories: ['german-course'], title: { de: 'Kurs' }, targetGroup: 'Eltern' }, 1);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.record.targetGroup, { de: 'Eltern' });
  });
});
