import assert from 'node:assert/strict';
import { readSchedule } from '../../src/catalogue/schedule';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { DATA_DIR } from '../helpers/files';

describe('reading a schedule into parts', () => {
  it('finds start, weekdays, times, rolling start and appointments, and keeps the rest as written', () => {
    assert.deepEqual(readSchedule('Beispiel: Start 14.09.2026, Mo+Mi+Fr 09:00–12:15'), {
      example: true, start: '2026-09-14', days: [0, 2, 4], from: '09:00', to: '12:15', rolling: false, byAppointment: false, rest: '',
    });
    assert.deepEqual(readSchedule('Beispiel: laufender Einstieg, Mo–Do 09:00–12:15, 6 Module à 50 UE')?.days, [0, 1, 2, 3]);
    assert.equal(readSchedule('Beispiel: laufender Einstieg, Mo–Do 09:00–12:15, 6 Module à 50 UE')?.rest, '6 Module à 50 UE');
    assert.deepEqual(readSchedule('Beispiel: donnerstags 18:00–20:00')?.days, [3]);
    assert.equal(readSchedule('telefonisch nach Vereinbarung')?.byAppointment, true);
    assert.equal(readSchedule('telefonisch nach Vereinbarung')?.rest, 'telefonisch');
    assert.equal(readSchedule('Vollzeitschule'), null);
    assert.equal(readSchedule(''), null);
  });

  it('reads most of the seed’s schedules', () => {
    const schedules = readSeedCatalogue(DATA_DIR).offers.map((o) => o.schedule).filter(Boolean);
    const read = schedules.filter((s) => readSchedule(s) !== null);
    // 137 offers; the rest say "Vollzeitschule", "zwei Semester", "jederzeit" and the like.
    assert.ok(read.length / schedules.length >= 0.7, `${read.length} of ${schedules.length}`);
  });
});
