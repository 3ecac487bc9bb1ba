import assert from 'node:assert/strict';
import path from 'node:path';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { loadLexicon } from '../../src/search/lexicon';
import { SearchService } from '../../src/search/searchService';
import { growCatalogue } from '../../scripts/benchCatalogue';
import { buildCatalogue, buildOffer } from '../helpers/builders';
import { DATA_DIR } from '../helpers/files';
import { createAsk, createSearch } from '../../src/ask/pipeline';
import { LANGUAGES } from '../../src/language/languages';
import type { CategoryId } from '../../src/catalogue/types';

const lexicon = loadLexicon(DATA_DIR);

function searchFor(service: SearchService, text: string, townId?: string) {
  return service.searchOffers(service.analyze(text), { townId });
}

describe('SearchService on small fixtures', () => {
  it('puts the asked category in the asked town first, then the same category nearby', () => {
    const ikDoebeln = buildOffer({ categories: ['integration-course'], townId: 'doebeln', title: { de: 'Integrationskurs am Vormittag' } });
    const ikFreiberg = buildOffer({ categories: ['integration-course'], townId: 'freiberg', title: { de: 'Integrationskurs Freiberg' } });
    const kitaDoebeln = buildOffer({ categories: ['childcare'], townId: 'doebeln', title: { de: 'Kita Sonnenschein' } });
    const service = new SearchService(buildCatalogue([kitaDoebeln, ikFreiberg, ikDoebeln]), lexicon);
    const result = searchFor(service, 'Wo gibt es einen Integrationskurs in Döbeln?');
    assert.equal(result.townId, 'doebeln');
    assert.deepEqual(result.hits.slice(0, 2).map((h) => h.offerId), [ikDoebeln.id, ikFreiberg.id]);
    assert.ok(result.confidence >= 0.5);
  });

  it('puts courses the newcomer can reach before online ones that match the words better, and shows no distance for online', () => {
    // "Deutschkurs Döbeln" listed an online course meant for Frauenstein (46 km) first.
    const online = buildOffer({ categories: ['german-course'], townId: 'freiberg', mode: 'online', title: { de: 'Online-Deutschkurs A1 Deutschkurs' } });
    const local = buildOffer({ categories: ['german-course'], townId: 'doebeln', title: { de: 'MiA-Frauenkurs' } });
    const near = buildOffer({ categories: ['german-course'], townId: 'rosswein', title: { de: 'Alphabetisierung' } });
    const farOnsite = buildOffer({ categories: ['german-course'], townId: 'sayda', title: { de: 'Deutschkurs Deutschkurs' } });
    const service = new SearchService(buildCatalogue([online, farOnsite, near, local]), lexicon);
    const result = searchFor(service, 'Deutschkurs Döbeln');
    assert.deepEqual(result.hits.slice(0, 2).map((h) => h.offerId), [local.id, near.id], 'on site within reach first, nearest first');
    const onlineHit = result.hits.find((h) => h.offerId === online.id)!;
    assert.equal(onlineHit.distanceKm, null, 'an online offer has no distance');
    assert.ok(result.hits.findIndex((h) => h.offerId === online.id) > 1);
  });

  it('still finds them with typos in course and town ("Intergrationskurs in Frieberg")', () => {
    const ik = buildOffer({ categories: ['integration-course'], townId: 'freiberg', title: { de: 'Integrationskurs' } });
    const other = buildOffer({ categories: ['childcare'], townId: 'doebeln', title: { de: 'Kita' } });
    const service = new SearchService(buildCatalogue([other, ik]), lexicon);
    const result = searchFor(service, 'Intergrationskurs in Frieberg');
    assert.equal(result.townId, 'freiberg');
    assert.equal(result.hits[0]?.offerId, ik.id);
  });

  it('orders by distance when the asked town has no such offer itself', () => {
    const far = buildOffer({ categories: ['childcare'], townId: 'sayda', title: { de: 'Kita Sayda' } });
    const near = buildOffer({ categories: ['childcare'], townId: 'doebeln', title: { de: 'Kita Döbeln' } });
    const middle = buildOffer({ categories: ['childcare'], townId: 'freiberg', title: { de: 'Kita Freiberg' } });
    const service = new SearchService(buildCatalogue([far, middle, near]), lexicon);
    const result = searchFor(service, 'Kita in Roßwein');
    assert.deepEqual(result.hits.map((h) => h.offerId), [near.id, middle.id, far.id]);
    const distances = result.hits.map((h) => h.distanceKm ?? Infinity);
    assert.deepEqual([...distances].sort((a, b) => a - b), distances);
  });

  it('hides offers whose validUntil has passed', () => {
    const expired = buildOffer({ categories: ['childcare'], validUntil: '2020-01-01', title: { de: 'Alte Kita' } });
    const current = buildOffer({ categories: ['childcare'], title: { de: 'Neue Kita' } });
    const service = new SearchService(buildCatalogue([expired, current]), lexicon);
    assert.deepEqual(searchFor(service, 'Kita').hits.map((h) => h.offerId), [current.id]);
  });

  it('makes a changed offer searchable at once, without rebuilding the index', () => {
    const offer = buildOffer({ categories: ['german-course'], title: { de: 'Deutschkurs' } });
    const service = new SearchService(buildCatalogue([offer]), lexicon);
    assert.equal(searchFor(service, 'Nähcafé').hits.length, 0);
    service.upsertOffer({ ...offer, title: { de: 'Nähcafé mit Deutsch' } });
    assert.equal(searchFor(service, 'Nähcafé').hits[0]?.offerId, offer.id);
    service.removeOffer(offer.id);
    assert.equal(searchFor(service, 'Nähcafé').hits.length, 0);
  });

  it('recognises towns with suffixes, hyphens and adjectives', () => {
    const service = new SearchService(buildCatalogue([]), lexicon);
    assert.equal(service.analyze('Kita in Frankenberg').townId, 'frankenberg');
    assert.equal(service.analyze('Deutschkurs Brand-Erbisdorf').townId, 'brand-erbisdorf');
    assert.equal(service.analyze('die Döbelner Volkshochschule').townId, 'doebeln');
    assert.equal(service.analyze('Kurs in Doebeln').townId, 'doebeln');
    assert.equal(service.analyze('Ich spreche ein wenig Deutsch').townId, null);
    assert.equal(service.analyze('Deutschkurs in Freiburg').townId, null);
  });

  it('reads facets and levels from the question and prefers offers that have them', () => {
    const day = buildOffer({ categories: ['german-course'], evening: false, title: { de: 'Deutschkurs am Tag' } });
    const evening = buildOffer({ categories: ['german-course'], evening: true, title: { de: 'Deutschkurs B' } });
    const service = new SearchService(buildCatalogue([day, evening]), lexicon);
    const analysis = service.analyze('Deutschkurs abends B1');
    assert.deepEqual(analysis.facets, ['evening']);
    assert.deepEqual(analysis.levels, ['B1']);
    assert.equal(service.searchOffers(analysis).hits[0]?.offerId, evening.id);
  });

  it('returns plain records, never minisearch types', () => {
    const service = new SearchService(buildCatalogue([buildOffer()]), lexicon);
    const hit = searchFor(service, 'Deutschkurs').hits[0]!;
    assert.deepEqual(Object.keys(hit).sort(), ['distanceKm', 'offerId', 'score', 'why']);
  });
});

describe('the seed catalogue (the embedded default)', () => {
  let seed: ReturnType<typeof readSeedCatalogue>;
  before(() => {
    seed = readSeedCatalogue(path.resolve(DATA_DIR));
  });

  it('has at least 120 offers and 40 answers, all 13 categories', () => {
    assert.ok(seed.offers.length >= 120, `${seed.offers.length} offers`);
    assert.ok(seed.answers.length >= 40, `${seed.answers.length} answers`);
    assert.equal(seed.categories.length, 13);
  });

  it('has offers of every category in Freiberg, Döbeln and Mittweida (university: Freiberg, Mittweida)', () => {
    for (const c of seed.categories) {
      const towns = c.id === 'university' ? ['freiberg', 'mittweida'] : ['freiberg', 'doebeln', 'mittweida'];
      for (const town of towns) {
        assert.ok(seed.offers.some((o) => o.townId === town && o.categories.includes(c.id)), `${c.id} in ${town}`);
      }
    }
  });

  it('has offers in smaller towns too', () => {
    const towns = new Set(seed.offers.map((o) => o.townId));
    assert.ok(towns.size >= 10, `${towns.size} towns`);
  });

  it('refers only to known providers, towns and answers, with German and English texts', () => {
    const providers = new Set(seed.providers.map((p) => p.id));
    const towns = new Set(seed.towns.map((t) => t.id));
    const answers = new Set(seed.answers.map((a) => a.id));
    for (const o of seed.offers) {
      assert.ok(providers.has(o.providerId), `${o.id} provider ${o.providerId}`);
      assert.ok(towns.has(o.townId), `${o.id} town ${o.townId}`);
      assert.ok(o.title.en && o.summary.en, `${o.id} English text`);
    }
    for (const a of seed.answers) {
      for (const f of a.followUps) assert.ok(answers.has(f), `${a.id} follow-up ${f}`);
      assert.ok((a.questions.de?.length ?? 0) >= 3 && (a.questions.en?.length ?? 0) >= 3, `${a.id} phrasings`);
    }
  });
});

describe('ranking order in a grown catalogue', () => {
  const seed = readSeedCatalogue(DATA_DIR);
  const search = new SearchService({ ...seed, offers: growCatalogue(seed, 1500) }, lexicon);
  const questions = ['Integrationskurs in Döbeln', 'Deutschkurs', 'kita freiberg', 'free german lessons', 'Beratung Mittweida abends'];

  it('pages through the same order a single long page gives: best first, then nearest, then by id', () => {
    for (const q of questions) {
      const analysis = search.analyze(q);
      const long = search.searchOffers(analysis, { limit: 30, today: '2026-11-27' });
      const pages = [0, 10, 20].flatMap((offset) => search.searchOffers(analysis, { limit: 10, offset, today: '2026-11-27' }).hits);
      assert.deepEqual(pages, long.hits, q);
      for (let i = 1; i < long.hits.length; i++) {
        const [a, b] = [long.hits[i - 1]!, long.hits[i]!];
        const inOrder = a.score > b.score || (a.score === b.score && ((a.distanceKm ?? 0) < (b.distanceKm ?? 0) || ((a.distanceKm ?? 0) === (b.distanceKm ?? 0) && a.offerId.localeCompare(b.offerId) < 0)));
        assert.ok(inOrder, `${q}: ${a.offerId} (${a.score}, ${a.distanceKm}) before ${b.offerId} (${b.score}, ${b.distanceKm})`);
      }
      assert.ok(long.total >= long.hits.length);
    }
  });
});

describe('follow-ups read against the conversation’s topic', () => {
  // The seed catalogue: several answers are about costs (integration course, Kita, Hort…).
  const search = new SearchService(readSeedCatalogue(DATA_DIR), lexicon);
  const ask = createAsk(search);
  const reply = (text: string, topic?: CategoryId) => ask.ask({ text, topic, supported: LANGUAGES });

  it('answers "what does it cost?" for the topic of the conversation', async () => {
    assert.equal((await reply('what does it cost?', 'integration-course')).answer?.id, 'a-ik-cost');
    assert.equal((await reply('а скільки це коштує?', 'integration-course')).answer?.id, 'a-ik-cost');
    assert.equal((await reply('а сколько это стоит?', 'childcare')).answer?.id, 'a-kita-costs');
  });

  it('lets a question that names its own topic keep it', async () => {
    assert.equal((await reply('Was kostet ein Kitaplatz?', 'integration-course')).answer?.category, 'childcare');
  });
});

describe('questions that tell a situation get the catalogue’s answer', () => {
  // As the service builds it: town names in every script come with it.
  const search = createSearch(readSeedCatalogue(DATA_DIR), DATA_DIR);
  const ask = createAsk(search);
  const reply = (text: string) => ask.ask({ text, supported: LANGUAGES });

  // Written for this test, not taken from any evaluation set.
  const situations: [string, string][] = [
    ['Meine Frau und ich wollen Deutsch lernen, aber wer passt während des Unterrichts auf unser Baby auf?', 'a-childcare-during-courses'],
    ['I only finished 9th grade in Syria, can I still go to school here at 24 to get the Abitur?', 'a-abitur-kolleg'],
    ['Мій син не знає німецької, його посадять у звичайний клас?', 'a-school-daz'],
    ['Я працюю повний день, хто платить за курс Berufssprachkurs?', 'a-bsk-cost'],
    ['عندي شهادة ممرضة من سوريا، لازم اعمل اعتراف حتى اشتغل هون؟', 'a-recognition-procedure'],
    ['دخترم ۳ سالشه، حق داره بره مهدکودک؟', 'a-kita-right'],
    // Levantine "بيحقله" (is he entitled) meets the answers' "يحق" only as a stem.
    ['ابني عمره ٤ سنين، بيحقله روضة؟', 'a-kita-right'],
  ];
  for (const [text, answerId] of situations) {
    it(`answers "${text}" with ${answerId}, and lists the offers below it`, async () => {
      const result = await reply(text);
      assert.equal(result.intent, 'answer');
      assert.equal(result.answer?.id, answerId);
      assert.ok(result.offersBelow && result.offers.length > 0, 'the offers of the topic come below the answer');
    });
  }

  it('lists offers alone for a topic and a place, with nothing more said', async () => {
    for (const text of ['Integrationskurs Döbeln', 'курс німецької Фрайберг', 'where can i do an integration course in freiberg']) {
      const result = await reply(text);
      assert.equal(result.intent, 'offers', text);
      assert.equal(result.answer, null, text);
    }
  });

  it('gives no answer of a topic the question does not name', async () => {
    // IHK Chemnitz recognises qualifications; work permits are about work, not German courses.
    assert.notEqual((await reply('Integrationskurs in Chemnitz')).answer?.category, 'recognition');
    assert.notEqual((await reply('german for work, part-time please, I work mornings')).answer?.category, 'work');
    // "курс" (course, and exchange rate) is a word every course topic shares.
    assert.equal((await reply('який сьогодні курс євро до гривні')).intent, 'unknown');
  });

  it('keeps the offers behind a button when only facts were asked', async () => {
    const result = await reply('Was kostet der Integrationskurs?');
    assert.equal(result.answer?.id, 'a-ik-cost');
    assert.equal(result.offersBelow, false);
  });

  it('reads "check my level" as a German-course question, "check my diploma" as recognition', async () => {
    assert.notEqual(search.analyze('can someone check my level in german before i start').categories[0]?.id, 'recognition');
    assert.equal(search.analyze('who can check my diploma from syria').categories[0]?.id, 'recognition');
  });

  it('reads a job the newcomer had as their past, not as asking for a person', async () => {
    // "I was a bank employee in Iran": "کارمند" (employee) alone is no wish to talk to staff.
    assert.notEqual((await reply('من تو ایران کارمند بانک بودم، مدرکم رو کجا باید تایید کنم؟')).intent, 'handoff');
    assert.notEqual((await reply('я был сотрудником банка, где подтвердить мой диплом?')).intent, 'handoff');
    assert.equal((await reply('میخوام با کارمند صحبت کنم')).intent, 'handoff');
    assert.equal((await reply('хочу поговорить с сотрудником')).intent, 'handoff');
  });

  it('reads Arabic plurals and the article written apart ("الـ Jobcenter") as the words they are', async () => {
    // Written for this test: "kindergartens" in the plural names childcare as the singular does.
    assert.ok(search.analyze('هل في روضات قريبة من البيت؟').topics.includes('childcare'));
    // The article stretched before a German word is not a word of its own.
    assert.ok(!search.analyze('وين الـ Jobcenter؟').residualTokens.includes('ال'));
    // A phrase of the lexicon with a preposition fused onto its first word still names its topic,
    // and "what do they teach in the orientation course?" gets the answer on its content.
    assert.ok(search.analyze('بدورة التوجيه').topics.includes('integration-course'));
    assert.equal((await reply('شو بيعلموا بدورة التوجيه؟')).answer?.id, 'a-ik-orientation');
    // "and not", "so is there": a stop word with a conjunction attached is still one.
    assert.deepEqual(search.analyze('وما فهل').residualTokens, []);
  });

  it('reads "Berufsberatung" as choosing a career, not as counselling in general', async () => {
    assert.equal(search.analyze('Ich brauche einen Termin bei der Berufsberatung').categories[0]?.id, 'vocational-training');
  });

  it('finds the answer for a compound the answers spell apart ("Kitaplatz", "Kita-Platz")', async () => {
    assert.equal((await reply('Was kostet ein Kitaplatz?')).answer?.id, 'a-kita-costs');
  });
});

describe('an age in the question picks offers for that age', () => {
  const search = createSearch(readSeedCatalogue(DATA_DIR), DATA_DIR);
  const ask = createAsk(search);
  const titles = async (text: string) => (await ask.ask({ text, supported: LANGUAGES, limit: 3 })).offers.map((o) => o.offer.title.de);

  it('lists Kita places, not the Hort for school children, for a three-year-old', async () => {
    for (const text of ['Kita Frankenberg 3 Jahre', 'дитсадок у Франкенберзі, доньці 3 роки', 'کودکستان فرانکنبرگ، دخترم ۳ سالشه']) {
      const found = await titles(text);
      assert.ok(found.length === 3, `${text}: ${found.join(' | ')}`);
      assert.ok(found.every((t) => !/Hort/.test(t)), `${text}: ${found.join(' | ')}`);
    }
    assert.match((await titles('Hort Frankenberg, mein Sohn ist 7'))[0]!, /Hortplatz in Frankenberg/);
  });

  it('sends a 35-year-old to the adults’ counselling and a 19-year-old to the services for young people', async () => {
    assert.match((await titles('Ich bin 35 und brauche Beratung in Mittweida'))[0]!, /Migrationsberatung \(MBE\)/);
    assert.match((await titles('Я 19 років, потрібна консультація в Міттвайді'))[0]!, /jung|JMD/i);
  });
});

describe('the day the search answers on', () => {
  it('decides what is shown both in ranking and when the shown offers are read again', async () => {
    // The seed with every end date moved to 10 January 2020, asked on 5 January 2020: as the
    // eval asks as of a fixed day, whatever the calendar says.
    const seed = readSeedCatalogue(DATA_DIR);
    const search = createSearch({ ...seed, offers: seed.offers.map((o) => ({ ...o, validUntil: '2020-01-10' })) }, DATA_DIR);
    const ask = createAsk(search);
    const question = { text: 'Integrationskurs Döbeln', limit: 3, supported: LANGUAGES };
    search.today = () => '2020-01-05';
    const shown = (await ask.ask(question)).offers;
    assert.equal(shown.length, 3, 'offers running on that day are shown');
    assert.ok(await search.visibleOffer(shown[0]!.offer.id));
    search.today = () => '2020-01-11';
    assert.deepEqual((await ask.ask(question)).offers, []);
    assert.equal(await search.visibleOffer(shown[0]!.offer.id), undefined);
  });
});
