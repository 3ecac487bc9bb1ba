import assert from 'node:assert/strict';
import { emptySchedule, readSchedule, writeSchedule } from '../../src/catalogue/schedule';
import { emptyCost, readCost, writeCost } from '../../src/catalogue/cost';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { DATA_DIR } from '../helpers/files';

describe('reading a schedule into data', () => {
  it('finds dates, weekdays, times, sessions, length and appointments, and keeps the rest as written', () => {
    assert.deepEqual(readSchedule('Beispiel: Start 14.09.2026, Mo+Mi+Fr 09:00–12:15'), {
      schedule: { ...emptySchedule(), example: true, start: '2026-09-14', days: [0, 2, 4], from: '09:00', to: '12:15' },
      rest: '',
    });
    const course = readSchedule('Beispiel: laufender Einstieg, Mo–Do 09:00–12:15, 6 Module à 50 UE');
    assert.deepEqual(course.schedule.days, [0, 1, 2, 3]);
    assert.equal(course.schedule.rolling, true);
    assert.equal(course.schedule.lessons, null, '"à 50 UE" is the size of a module, not of the course');
    assert.equal(course.rest, '6 Module à 50 UE');
    assert.deepEqual(readSchedule('Beispiel: 4 Termine, montags 17:00–19:15, ab 01.03.2027').schedule, {
      ...emptySchedule(), example: true, start: '2027-03-01', days: [0], from: '17:00', to: '19:15', sessions: 4,
    });
    assert.deepEqual(readSchedule('Beispiel: 2. und 4. Dienstag im Monat 09:00–12:00').schedule.monthWeeks, [2, 4]);
    assert.deepEqual(readSchedule('Beispiel: Do 21.01.2027, 17:30–19:00').schedule.end, '2027-01-21');
    assert.deepEqual(readSchedule('Start 18.01.2027, bis 1.000 UE; Kinderbetreuung im Haus'), {
      schedule: { ...emptySchedule(), start: '2027-01-18', lessons: 1000, lessonsUpTo: true },
      rest: 'Kinderbetreuung im Haus',
    });
    assert.equal(readSchedule('Start 01.02.2027, Teilzeit, bis 600 UE').schedule.hours, 'part');
    assert.equal(readSchedule('telefonisch nach Vereinbarung').schedule.byAppointment, true);
    assert.equal(readSchedule('telefonisch nach Vereinbarung').rest, 'telefonisch');
  });

  it('leaves a text it cannot place whole, rather than half read', () => {
    assert.deepEqual(readSchedule('Vollzeitschule'), { schedule: emptySchedule(), rest: 'Vollzeitschule' });
    assert.deepEqual(readSchedule(''), { schedule: emptySchedule(), rest: '' });
    // Two slots with their own times: one pair of times would pin both days to the first.
    assert.equal(readSchedule('Beispiel: Di 09:00–12:00 und Do 13:00–17:00, sonst nach Termin').rest, 'Beispiel: Di 09:00–12:00 und Do 13:00–17:00, sonst nach Termin');
    // "in Vollzeit" inside a sentence is not the hours field.
    assert.equal(readSchedule('Dauer 3–4 Jahre; Unterricht tagsüber in Vollzeit').schedule.hours, null);
  });

  it('writes every seed schedule back in words it reads the same way (export, then import)', () => {
    const seed = readSeedCatalogue(DATA_DIR).offers;
    for (const o of seed) {
      const written = writeSchedule(o.schedule);
      assert.deepEqual(readSchedule(written), { schedule: written ? o.schedule : emptySchedule(), rest: '' }, `${o.id}: ${written}`);
      const cost = writeCost(o.cost);
      assert.deepEqual(readCost(cost).cost, o.cost, `${o.id}: ${cost}`);
    }
    const structured = seed.filter((o) => writeSchedule(o.schedule) !== '');
    // 137 offers; the others say "Vollzeitschule", "zwei Semester" and the like, kept as notes.
    assert.ok(structured.length >= 110, `${structured.length} of ${seed.length}`);
  });
});

describe('reading a cost into data', () => {
  it('reads free, amounts, what they are per and a fee waiver; remarks become the note', () => {
    assert.deepEqual(readCost('für Teilnehmende kostenfrei'), { cost: { ...emptyCost(), free: true }, rest: '' });
    assert.deepEqual(readCost('Beispiel: 2.900 € pro Semester'), { cost: { ...emptyCost(), example: true, amount: 2900, per: 'semester' }, rest: '' });
    assert.equal(writeCost(readCost('Beispiel: 2.900 € pro Semester').cost), 'Beispiel: 2.900 € pro Semester');
    assert.equal(writeCost(readCost('2,50 €').cost), '2,50 €');
    assert.deepEqual(readCost('2,29 €/UE (229 € je 100-UE-Abschnitt) bzw. kostenfrei mit Kostenbefreiung (BAMF-Regel)'), {
      cost: { ...emptyCost(), amount: 2.29, per: 'lesson', waiver: true },
      rest: '(229 € je 100-UE-Abschnitt) (BAMF-Regel)',
    });
    assert.deepEqual(readCost('1.900 € pro Semester; 250 € Registrierungsgebühr').rest, '250 € Registrierungsgebühr');
  });

  it('keeps a rule that does not start with the cost whole, rather than half read', () => {
    for (const rule of ['kostenlos bzw. 2,32 €/UE für Beschäftigte mit > 20.000 € Jahreseinkommen', 'Elternbeitrag laut Gemeindesatzung', '35–675 € je nach Aufwand']) {
      assert.deepEqual(readCost(rule), { cost: emptyCost(), rest: rule });
    }
  });
});
