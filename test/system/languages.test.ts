import assert from 'node:assert/strict';
import { DATA_DIR } from '../helpers/files';
import { createTranslator } from '../../src/language/i18n';
import type { Activity } from 'botbuilder';
import { cardTitles, ConnectorStub, userMessage } from '../helpers/connectorStub';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

const SCRIPT = {
  de: /[A-Za-zäöüß]/,
  en: /[A-Za-z]/,
  uk: /[\u0400-\u04FF]/,
  ru: /[\u0400-\u04FF]/,
  ar: /[\u0600-\u06FF]/,
  fa: /[\u0600-\u06FF]/,
} as const;

type Case = { lang: keyof typeof SCRIPT; text: string; town: string; cats: string[] };

/** One offers question per language, as newcomers write them: towns in their script and case. */
const offerQuestions: Case[] = [
  { lang: 'de', text: 'Wo gibt es einen Integrationskurs in Döbeln?', town: 'doebeln', cats: ['integration-course'] },
  { lang: 'en', text: 'evening German course in Freiberg', town: 'freiberg', cats: ['german-course', 'integration-course'] },
  { lang: 'uk', text: 'Де я можу вивчати німецьку у Фрайберзі?', town: 'freiberg', cats: ['german-course', 'integration-course', 'job-language-course'] },
  { lang: 'ru', text: 'Где во Фрайберге курсы немецкого языка?', town: 'freiberg', cats: ['german-course', 'integration-course', 'job-language-course'] },
  { lang: 'ar', text: 'دورة اندماج في دوبلن', town: 'doebeln', cats: ['integration-course'] },
  { lang: 'fa', text: 'کورس زبان آلمانی در دوبلن', town: 'doebeln', cats: ['german-course', 'integration-course', 'job-language-course'] },
];

const answerQuestions: { lang: keyof typeof SCRIPT; text: string }[] = [
  { lang: 'uk', text: 'Скільки коштує інтеграційний курс?' },
  { lang: 'ru', text: 'Сколько стоит интеграционный курс?' },
  { lang: 'ar', text: 'كم تكلفة دورة الاندماج؟' },
  { lang: 'fa', text: 'هزینه دوره ادغام چقدر است؟' },
];

describe('six languages end to end', () => {
  let running: RunningApp;
  let stub: ConnectorStub;
  let conversation = 0;

  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.app.stop();
  });
  beforeEach(async () => {
    stub = new ConnectorStub();
    await stub.start();
    conversation += 1;
  });
  afterEach(async () => {
    await stub.stop();
  });

  async function say(text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
    const before = stub.received.length;
    const activity = userMessage(stub.serviceUrl, text, {
      conversation: { id: `lang-${conversation}` } as Activity['conversation'],
      from: { id: `user-${conversation}`, name: 'n' },
      ...extra,
    });
    // /api/messages answers once the turn is over, so every reply of the turn is in the stub by then.
    const res = await postJson(`${running.baseUrl}/api/messages`, activity);
    assert.ok(res.status < 300, `status ${res.status}`);
    await stub.waitFor(before + 1);
    return stub.received.slice(before);
  }

  for (const c of offerQuestions) {
    it(`${c.lang}: "${c.text}" gets a ${c.lang} reply with offers in ${c.town}`, async () => {
      const api = await postJson(`${running.baseUrl}/api/ask`, { text: c.text });
      assert.equal(api.body.lang, c.lang);
      assert.equal(api.body.intent, 'offers');
      assert.equal(api.body.town, c.town);
      const first = api.body.offers[0];
      assert.equal(first.town, c.town);
      assert.ok(first.categories.some((x: string) => c.cats.includes(x)), JSON.stringify(first));

      const [reply] = await say(c.text);
      assert.equal(reply!.locale, c.lang);
      assert.match(reply!.text ?? '', SCRIPT[c.lang]);
      const title = cardTitles(reply!)[0] ?? '';
      assert.match(title, SCRIPT[c.lang], `card title in ${c.lang}: ${title}`);
    });
  }

  for (const c of answerQuestions) {
    it(`${c.lang}: answers "${c.text}" from the catalogue in ${c.lang}`, async () => {
      const [reply] = await say(c.text);
      assert.equal(reply!.locale, c.lang);
      assert.match(reply!.text ?? '', SCRIPT[c.lang]);
      assert.match(reply!.text ?? '', /2,29|2\.29|٢٫٢٩|۲٫۲۹/);
      // The answer itself in that language, not German with a note that it is only in German.
      const germanOnly = (await createTranslator(DATA_DIR, { strict: true })).forLanguage(c.lang)('answer.germanOnly');
      assert.ok(!(reply!.text ?? '').includes(germanOnly), `${c.lang}: ${reply!.text}`);
      assert.doesNotMatch(reply!.text ?? '', /Unterrichtseinheit|kostenlos|Der Integrationskurs/);
    });
  }

  it('greets back in every language', async () => {
    const greetings: [string, keyof typeof SCRIPT][] = [
      ['Hallo', 'de'],
      ['Hello', 'en'],
      ['Привіт', 'uk'],
      ['Здравствуйте', 'ru'],
      ['السلام عليكم', 'ar'],
      ['سلام', 'fa'],
    ];
    for (const [text, lang] of greetings) {
      conversation += 1;
      const [reply] = await say(text);
      assert.equal(reply!.locale, lang, text);
      assert.match(reply!.text ?? '', SCRIPT[lang]);
    }
  });

  it('switches language mid-conversation and keeps the choice even for short messages', async () => {
    const [german] = await say('Kita in Mittweida');
    assert.equal(german!.locale, 'de');
    const [picker] = await say('мова');
    assert.equal(picker!.suggestedActions?.actions.length, 6);
    const [confirmed] = await say('Українська', { value: { action: 'language', lang: 'uk' } });
    assert.equal(confirmed!.locale, 'uk');
    const [kita] = await say('Kita Mittweida');
    assert.equal(kita!.locale, 'uk');
    assert.match(kita!.text ?? '', SCRIPT.uk);
  });

  it('shows the topic menu in Farsi, right to left, with translated topic names', async () => {
    await say('فارسی');
    const [menu] = await say('منو', { value: { action: 'menu' } });
    assert.equal(menu!.locale, 'fa');
    const topics = menu!.suggestedActions?.actions.map((a) => a.title) ?? [];
    assert.equal(topics.length, 13);
    assert.ok(topics.every((t) => SCRIPT.fa.test(t)), topics.join(' | '));
  });

  const guided: { lang: keyof typeof SCRIPT; town: string; back: string; restart: string }[] = [
    { lang: 'de', town: 'in Döbeln', back: 'zurück', restart: 'neu starten' },
    { lang: 'en', town: 'Doebeln please', back: 'back', restart: 'start over' },
    { lang: 'uk', town: 'у Дебельні', back: 'назад', restart: 'почати знову' },
    { lang: 'ru', town: 'в Дёбельне', back: 'назад', restart: 'начать заново' },
    { lang: 'ar', town: 'في دوبلن', back: 'رجوع', restart: 'ابدأ من جديد' },
    { lang: 'fa', town: 'در دوبلن', back: 'برگشت', restart: 'از اول' },
  ];
  for (const g of guided) {
    it(`${g.lang}: a guided topic search with "back" and "restart" in ${g.lang}`, async () => {
      await say(g.lang === 'de' ? 'Deutsch' : g.lang === 'en' ? 'English' : g.lang === 'uk' ? 'Українська' : g.lang === 'ru' ? 'Русский' : g.lang === 'ar' ? 'العربية' : 'فارسی');
      const [town] = await say('topic', { value: { action: 'topic', category: 'integration-course' } });
      assert.equal(town!.locale, g.lang);
      assert.match(town!.text ?? '', SCRIPT[g.lang]);
      const [level] = await say(g.town);
      assert.ok((level!.suggestedActions?.actions ?? []).some((a) => a.title === 'A1'), 'level buttons after the town');
      const [again] = await say(g.back);
      assert.equal(again!.text, town!.text, '"back" asks for the town again');
      await say(g.town);
      await say('A2', { value: { action: 'choose', value: 'A2' } });
      const [offers] = await say('-', { value: { action: 'choose', value: 'none' } });
      assert.match(cardTitles(offers!)[0] ?? '', SCRIPT[g.lang]);
      const [menu] = await say(g.restart);
      assert.equal(menu!.suggestedActions?.actions.length, 13, 'restart shows the 13 topics');
    });
  }
});
