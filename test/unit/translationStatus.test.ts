import assert from 'node:assert/strict';
import { missingTranslations } from '../../src/catalogue/translationStatus';
import { buildAnswer, buildOffer, buildProvider, categories } from '../helpers/builders';

describe('missingTranslations', () => {
  it('lists per language the offers, answers and topics without a text', () => {
    const notes = { targetGroup: { de: 'Erwachsene', uk: 'Дорослі' }, contact: { de: 'Tel. 03731 000', uk: 'Тел. 03731 000' } };
    const translated = buildOffer({ id: 'o-full', title: { de: 'Kurs', uk: 'Курс' }, summary: { de: 'Text', uk: 'Текст' }, ...notes });
    const german = buildOffer({ id: 'o-de', title: { de: 'Kurs' }, summary: { de: 'Text' }, ...notes });
    // Title and summary translated, but the schedule's note is German only.
    const note = buildOffer({ id: 'o-note', title: { de: 'Kurs', uk: 'Курс' }, summary: { de: 'Text', uk: 'Текст' }, ...notes, scheduleNote: { de: 'Kinderbetreuung im Haus' } });
    const status = missingTranslations({ offers: [translated, german, note], answers: [buildAnswer()], categories });
    const uk = status.find((s) => s.lang === 'uk')!;
    assert.deepEqual(uk.offers, ['o-de', 'o-note']);
    assert.deepEqual(uk.answers, ['a-ik-cost']);
    assert.equal(uk.categories.length, categories.length);
    assert.deepEqual(status.find((s) => s.lang === 'en')!.answers, []);
    assert.ok(!status.some((s) => s.lang === 'de'));
    const providers = missingTranslations({ offers: [], answers: [], categories: [], providers: [buildProvider({ id: 'p-de', description: { de: 'Volkshochschule' } }), buildProvider({ id: 'p-fa', description: { de: 'VHS', fa: 'آموزشگاه' } })] });
    assert.deepEqual(providers.find((s) => s.lang === 'fa')!.providers, ['p-de']);
  });
});
