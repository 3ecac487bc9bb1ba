import assert from 'node:assert/strict';
import { isolate, offerCard } from '../../src/channels/offerCards';
import { buildOffer, germanTimes, buildProvider, towns } from '../helpers/builders';
import { createTranslator } from '../../src/language/i18n';
import { DATA_DIR } from '../helpers/files';

const t = (key: string, values?: Record<string, unknown>) => `[${key}${values ? JSON.stringify(values) : ''}]`;
const lookup = { getProvider: () => buildProvider(), towns: new Map(towns.map((x) => [x.id, x])) };

describe('offer cards', () => {
  it('isolates German values inside Arabic and Farsi lines, and leaves German and English alone', () => {
    assert.equal(isolate('Mo–Fr 9–12 Uhr', 'ar'), '\u2068Mo–Fr 9–12 Uhr\u2069');
    assert.equal(isolate('Mo–Fr 9–12 Uhr', 'fa'), '\u2068Mo–Fr 9–12 Uhr\u2069');
    assert.equal(isolate('Mo–Fr 9–12 Uhr', 'de'), 'Mo–Fr 9–12 Uhr');
  });

  it('shows the German title with a note when the newcomer’s language has none', () => {
    const card = offerCard({ offer: buildOffer({ title: { de: 'Sprachcafé' }, summary: { de: 'Treffen.' } }), score: 1, distanceKm: null, why: [] }, 'uk', t, lookup);
    const content = card.content as { title: string; text: string; subtitle: string };
    assert.equal(content.title, 'Sprachcafé');
    assert.match(content.text, /\[card\.germanOnly\]/);
  });

  it('names provider and town, schedule, cost, contact, distance and the sample flag', () => {
    const offer = buildOffer({ townId: 'doebeln', sample: true, url: 'https://example.org' });
    const card = offerCard({ offer, score: 1, distanceKm: 12.4, why: [] }, 'de', t, lookup);
    const content = card.content as { text: string; subtitle: string; buttons: { value: string }[] };
    assert.equal(content.subtitle, 'Volkshochschule Mittelsachsen · Döbeln');
    for (const part of ['[card.schedule]: Mo–Fr 09:00–12:00', '[card.cost]: [cost.free]', '[card.contact]: 03731 000', '[card.distance{"km":12}]', '[card.sample]']) {
      assert.ok(content.text.includes(part), part);
    }
    assert.equal(content.buttons[0]?.value, 'https://example.org');
  });

  it('says who it is for in the newcomer’s language, from the audience ids', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const offer = buildOffer({ audiences: ['young-children', 'parents'] });
    const text = (lang: 'uk' | 'fa') => (offerCard({ offer, score: 1, distanceKm: null, why: [] }, lang, translator.forLanguage(lang), lookup).content as { text: string }).text;
    assert.match(text('uk'), /Для кого: діти до 6 років і батьки/);
    assert.match(text('fa'), /برای چه کسانی: کودکان تا ۶ سال و والدین/);
  });
});

describe('offer cards shown again', () => {
  it('carry this search’s distance, the asked language, and the provider’s name after it is renamed', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const offer = buildOffer({ townId: 'doebeln' });
    let provider = buildProvider();
    const current = { getProvider: () => provider, towns: lookup.towns };
    const card = (distanceKm: number | null, lang: 'de' | 'uk' = 'de') =>
      offerCard({ offer, score: 1, distanceKm, why: [] }, lang, translator.forLanguage(lang), current).content as { text: string; subtitle: string };
    assert.match(card(3.2).text, /3 km entfernt/);
    const far = card(27.9).text;
    assert.match(far, /28 km entfernt/);
    assert.doesNotMatch(far, /\b3 km/);
    assert.doesNotMatch(card(null).text, /km entfernt/);
    assert.match(card(12, 'uk').text, /Час: .*\n\nвідстань: 12 км/s);
    assert.match(card(12).text, /Zeiten: /);
    provider = buildProvider({ name: 'Berufsschulzentrum Döbeln' });
    assert.equal(card(null).subtitle, 'Berufsschulzentrum Döbeln · Döbeln');
  });
});

describe('schedules in the newcomer’s language', () => {
  it('shows weekday, date and time in Farsi, Arabic, Ukrainian and German, and the untranslated note in German', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const offer = buildOffer(germanTimes({ schedule: 'Beispiel: Start 19.04.2027, Mo–Fr 09:00–12:15, 6 Module à 50 UE' }));
    const text = (lang: 'de' | 'uk' | 'ar' | 'fa') => (offerCard({ offer, score: 1, distanceKm: null, why: [] }, lang, translator.forLanguage(lang), lookup).content as { text: string }).text;
    assert.match(text('fa'), /زمان‌ها: /, 'the Farsi label');
    assert.match(text('fa'), /نمونه، شروع ۱۹ آوریل ۲۰۲۷، دوشنبه–جمعه ۰۹:۰۰–۱۲:۱۵، \u20686 Module à 50 UE\u2069/);
    assert.match(text('ar'), /مثال، البداية 19 أبريل 2027، الاثنين–الجمعة 09:00–12:15/);
    assert.match(text('uk'), /Приклад, початок 19 квітня 2027 р\., пн–пт 09:00–12:15, 6 Module à 50 UE/);
    assert.match(text('de'), /Beispiel, Beginn 19\. April 2027, Mo–Fr 09:00–12:15, 6 Module à 50 UE/);
    // Nothing recognisable: the German text as it is, isolated in a right-to-left line.
    const plain = buildOffer(germanTimes({ schedule: 'Vollzeitschule' }));
    assert.match((offerCard({ offer: plain, score: 1, distanceKm: null, why: [] }, 'fa', translator.forLanguage('fa'), lookup).content as { text: string }).text, /\u2068Vollzeitschule\u2069/);
  });
});

describe('costs in the newcomer’s language', () => {
  it('says "free" and amounts in euros in the newcomer’s language, and longer German as written', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const text = (cost: string, lang: 'de' | 'fa' | 'uk' | 'ar') =>
      (offerCard({ offer: buildOffer({ ...germanTimes({ cost }), free: cost.includes('kosten') }), score: 1, distanceKm: null, why: [] }, lang, translator.forLanguage(lang), lookup).content as { text: string }).text;
    assert.match(text('kostenlos', 'fa'), /هزینه: رایگان|: رایگان/);
    assert.doesNotMatch(text('kostenlos', 'fa'), /kostenlos/);
    assert.match(text('2.900 € pro Semester', 'uk'), /2\s900\s€ за семестр/);
    assert.match(text('Beispiel: 60 €', 'ar'), /مثال، /);
    assert.match(text('kostenlos', 'de'), /kostenlos/);
    // The integration course's rule as data: the amount per lesson and the waiver in Farsi, the remark in German until translated.
    const bamf = text('2,29 €/UE (229 € je 100-UE-Abschnitt) bzw. kostenfrei mit Kostenbefreiung', 'fa');
    assert.match(bamf, /€ ?۲٫۲۹ برای هر جلسه‌ی درسی \(۴۵ دقیقه\)، رایگان با معافیت از هزینه \(Kostenbefreiung\)، \u2068\(229 € je 100-UE-Abschnitt\)\u2069/);
    assert.match(text('kostenlos bzw. 2,32 €/UE für Beschäftigte', 'fa'), /\u2068kostenlos bzw\. 2,32 €\/UE für Beschäftigte\u2069/);
  });
});
