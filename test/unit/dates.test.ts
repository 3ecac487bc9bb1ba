import assert from 'node:assert/strict';
import { formatDate, parseDate } from '../../src/language/dates';

const reference = new Date('2026-11-27T10:00:00Z'); // a Friday
const day = (r: ReturnType<typeof parseDate>) => (r && 'date' in r ? r.date.toISOString().slice(0, 10) : String(JSON.stringify(r)));

describe('parseDate', () => {
  const cases: [string, Parameters<typeof parseDate>[1], string][] = [
    ['nächsten Montag um 17 Uhr', 'de', '2026-11-30'],
    ['am 3. März', 'de', '2027-03-03'],
    ['tomorrow at 10', 'en', '2026-11-28'],
    ['завтра о 10', 'uk', '2026-11-28'],
    ['завтра в 10 утра', 'ru', '2026-11-28'],
    ['غداً الساعة 10', 'ar', '2026-11-28'],
    ['١٢.٠٣.٢٠٢٧', 'ar', '2027-03-12'],
    ['۱۲.۰۳.۲۰۲۷', 'fa', '2027-03-12'],
  ];
  for (const [text, lang, expected] of cases) {
    it(`reads "${text}" (${lang}) as ${expected}`, () => assert.equal(day(parseDate(text, lang, reference)), expected));
  }

  it('recognises a Solar Hijri date instead of misreading it', () => {
    assert.deepEqual(parseDate('۱۴۰۳/۰۲/۱۵', 'fa', reference), { persianCalendar: '1403/02/15' });
  });

  it('gives null for text without a date', () => {
    assert.equal(parseDate('Kita in Döbeln', 'de', reference), null);
  });

  it('writes dates in the Persian calendar for Farsi', () => {
    assert.match(formatDate(new Date('2026-11-27T12:00:00Z'), 'fa'), /۱۴۰۵/);
  });
});
