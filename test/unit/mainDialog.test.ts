import assert from 'node:assert/strict';
import { CommandRecognizer } from '../../src/ask/commands';
import { AutoSaveStateMiddleware, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { JsonConversationState, JsonUserState } from '../../src/state/jsonChangeState';
import { DialogTestClient } from 'botbuilder-testing';
import { MEMORY_PROPERTY, PROFILE_PROPERTY, type ConversationMemory, type UserProfile } from '../../dialogs/conversationMemory';
import { MainDialog, MEMORY_CONFIGURATION_KEY } from '../../dialogs/mainDialog';
import { createAsk } from '../../src/ask/pipeline';
import { createTranslator } from '../../src/language/i18n';
import { loadLexicon } from '../../src/search/lexicon';
import { SearchService } from '../../src/search/searchService';
import { buildAnswer, buildCatalogue, buildOffer } from '../helpers/builders';
import type { Answer, Offer } from '../../src/catalogue/types';
import type { Miss } from '../../src/catalogue/unanswered';
import { DATA_DIR } from '../helpers/files';
import { createHandoffs } from '../helpers/handoffs';
import { eraseUser } from '../../src/privacy/erase';

async function createClient(options: { hours?: string; answers?: Answer[]; offers?: Offer[] } = {}) {
  const offers = options.offers ?? [
    buildOffer({ categories: ['integration-course'], townId: 'doebeln', title: { de: 'Integrationskurs Döbeln', en: 'Integration course Döbeln' } }),
    buildOffer({ categories: ['integration-course'], townId: 'freiberg', title: { de: 'Integrationskurs Freiberg', en: 'Integration course Freiberg' } }),
    ...Array.from({ length: 5 }, (_, i) =>
      buildOffer({ categories: ['german-course'], townId: 'freiberg', title: { de: `Abenddeutsch ${i + 1}`, en: `Evening German ${i + 1}` } }),
    ),
    buildOffer({ categories: ['counselling'], townId: 'freiberg', title: { de: 'Migrationsberatung Freiberg' }, sample: false }),
  ];
  const answers = options.answers ?? [
    buildAnswer({ followUps: ['a-ik-who'] }),
    buildAnswer({
      id: 'a-ik-who',
      questions: { de: ['Wer darf einen Integrationskurs besuchen?'], en: ['Who may attend an integration course?'] },
      answer: { de: 'Menschen mit Berechtigung.' },
    }),
  ];
  const search = new SearchService(buildCatalogue(offers, answers), loadLexicon(DATA_DIR));
  const translator = await createTranslator(DATA_DIR, { strict: true });
  const storage = new MemoryStorage();
  const conversationState = new JsonConversationState(storage);
  const userState = new JsonUserState(storage);
  const memory = conversationState.createProperty<ConversationMemory>(MEMORY_PROPERTY);
  const handoffs = await createHandoffs(translator, { hours: options.hours });
  const missed: { text: string; lang: string; miss?: Miss }[] = [];
  const dialog = new MainDialog({
    unanswered: { record: async (text, lang, miss) => void missed.push({ text, lang, miss }) },
    handoff: handoffs.desk(memory),
    privacy: { erase: (context, options) => eraseUser(handoffs.db, { channelId: context.activity.channelId, userId: context.activity.from.id }, options) },
    ask: createAsk(search),
    commands: new CommandRecognizer(search.lexicon),
    search,
    translator,
    memory,
    profile: userState.createProperty<UserProfile>(PROFILE_PROPERTY),
  });
  const client = new DialogTestClient('emulator', dialog, undefined, [new AutoSaveStateMiddleware(conversationState, userState)], conversationState);
  return Object.assign(client, { handoffs, missed, dialog, conversationState });
}

const message = (text: string, extra: Partial<Activity> = {}): Partial<Activity> => ({ type: 'message', text, ...extra });
const titles = (a: Partial<Activity>) => (a.attachments ?? []).map((x) => (x.content as { title: string }).title);
const actionTitles = (a: Partial<Activity>) => (a.suggestedActions?.actions ?? []).map((x) => x.title);

describe('MainDialog conversations', () => {
  const table: { name: string; turns: [string, (reply: Partial<Activity>) => void][] }[] = [
    {
      name: 'a German course question gets German cards, nearest first, with more and person buttons',
      turns: [
        [
          'Integrationskurs in Döbeln',
          (r) => {
            assert.equal(r.locale, 'de');
            assert.deepEqual(titles(r).slice(0, 2), ['Integrationskurs Döbeln', 'Integrationskurs Freiberg']);
            assert.ok(actionTitles(r).includes('Mit einer Person sprechen'));
          },
        ],
      ],
    },
    {
      name: 'an English question gets English titles and labels',
      turns: [
        [
          'I am looking for an integration course in Freiberg',
          (r) => {
            assert.equal(r.locale, 'en');
            assert.equal(titles(r)[0], 'Integration course Freiberg');
            assert.ok(actionTitles(r).includes('Talk to a person'));
          },
        ],
      ],
    },
    {
      name: 'a factual question gets the catalogue answer and its follow-up as a button',
      turns: [
        [
          'Was kostet ein Integrationskurs?',
          (r) => {
            assert.match(r.text ?? '', /2,29 €/);
            assert.ok(actionTitles(r).includes('Wer darf einen Integrationskurs besuchen?'));
          },
        ],
      ],
    },
    {
      name: 'a greeting is greeted back in its language',
      turns: [['Hello', (r) => assert.match(r.text ?? '', /^Hello! How can I help/)]],
    },
    {
      name: 'off-topic questions get "not understood" and a person button, never a random offer',
      turns: [
        [
          'Wie ist das Wetter?',
          (r) => {
            assert.match(r.text ?? '', /nicht verstanden/);
            assert.equal(titles(r).length, 0);
            assert.deepEqual(actionTitles(r), ['Themen', 'Mit einer Person sprechen']);
          },
        ],
      ],
    },
    {
      // Found by the Direct Line bench: the third message got no reply at all.
      name: 'a newcomer who keeps writing instead of answering the consent question gets a reply every time',
      turns: [
        ['Ich möchte mit einem echten Menschen reden', (r) => assert.match(r.text ?? '', /Darf die Beratung unseren bisherigen Chat lesen/)],
        ['kann ich bitte einen berater anrufen?', (r) => assert.match(r.text ?? '', /Darf die Beratung unseren bisherigen Chat lesen/)],
        ['Gibt es jemanden, der persönlich mit mir spricht?', (r) => assert.match(r.text ?? '', /Darf die Beratung unseren bisherigen Chat lesen/)],
        ['Integrationskurs in Döbeln', (r) => assert.ok(titles(r).includes('Integrationskurs Döbeln'))],
      ],
    },
    {
      name: 'asking for a person first asks consent to share the chat',
      turns: [
        [
          'Ich möchte mit einem Menschen sprechen',
          (r) => {
            assert.match(r.text ?? '', /Darf die Beratung unseren bisherigen Chat lesen/);
            assert.deepEqual(actionTitles(r), ['Ja, Chat teilen', 'Nein, neu beginnen']);
          },
        ],
      ],
    },
  ];

  for (const { name, turns } of table) {
    it(name, async () => {
      const client = await createClient();
      for (const [text, check] of turns) check(await client.sendActivity(message(text)));
    });
  }

  it('gathers the dialogs\' memory scopes on the first turn only, and later turns still answer', async () => {
    const { dialog, conversationState } = await createClient();
    const dialogState = conversationState.createProperty('dialogState');
    const configurations: unknown[] = [];
    const adapter = new TestAdapter(async (context) => {
      await dialog.run(context, dialogState);
      configurations.push(context.turnState.get(MEMORY_CONFIGURATION_KEY));
      await conversationState.saveChanges(context);
    });
    await adapter.send('Integrationskurs in Döbeln').assertReply((r) => assert.deepEqual(titles(r).slice(0, 1), ['Integrationskurs Döbeln']));
    await adapter.send('Abenddeutsch Freiberg').assertReply((r) => assert.equal(titles(r).length, 3));
    // botbuilder-dialogs reads its configuration under this key; were it renamed, each turn would build its own.
    assert.equal(configurations.length, 2);
    assert.ok(configurations[0]);
    assert.equal(configurations[1], configurations[0]);
  });

  it('pages with "more" and says when there is nothing more', async () => {
    const client = await createClient();
    const first = await client.sendActivity(message('Abenddeutsch Freiberg'));
    assert.equal(titles(first).length, 3);
    // The sample-data note rides on the offers' message, which keeps its buttons as the last one.
    assert.match(first.text ?? '', /Beispieldaten/);
    assert.deepEqual(actionTitles(first), ['Mehr Ergebnisse', 'Mit einer Person sprechen']);
    assert.equal(client.getNextReply(), undefined);
    const second = await client.sendActivity(message('Mehr Ergebnisse', { value: { action: 'more' } }));
    assert.ok(titles(second).length > 0);
    assert.equal(titles(second).filter((t) => titles(first).includes(t)).length, 0);
    let reply = await client.sendActivity(message('Mehr Ergebnisse', { value: { action: 'more' } }));
    while (titles(reply).length > 0) reply = await client.sendActivity(message('Mehr Ergebnisse', { value: { action: 'more' } }));
    assert.match(reply.text ?? '', /Das waren alle Angebote/);
  });

  it('offers the matching offers after an answer, and shows them on the button', async () => {
    const client = await createClient();
    const answer = await client.sendActivity(message('Was kostet ein Integrationskurs?'));
    assert.ok(actionTitles(answer).includes('Passende Angebote zeigen'));
    const offers = await client.sendActivity(message('Passende Angebote zeigen', { value: { action: 'more' } }));
    assert.ok(titles(offers).some((t) => t.startsWith('Integrationskurs')), titles(offers).join());
  });

  it('answers a follow-up button in the language of the conversation', async () => {
    const client = await createClient();
    await client.sendActivity(message('How much does an integration course cost?'));
    const reply = await client.sendActivity(message('Who may attend an integration course?', { value: { action: 'answer', answerId: 'a-ik-who' } }));
    // This answer has only German: the reply says so in English, then gives the German text.
    assert.match(reply.text ?? '', /not yet available in your language/);
    assert.match(reply.text ?? '', /Menschen mit Berechtigung/);
  });

  describe('guided search, commands and languages', () => {
    const topic = (category: string, title: string) => message(title, { value: { action: 'topic', category } });
    const choose = (value: string, title = value) => message(title, { value: { action: 'choose', value } });

    it('walks a topic through town, level and wishes to offers, with "back" undoing a step', async () => {
      const client = await createClient();
      const menu = await client.sendActivity(message('Themen'));
      assert.ok(actionTitles(menu).includes('Integrationskurs'));
      const town = await client.sendActivity(topic('integration-course', 'Integrationskurs'));
      assert.match(town.text ?? '', /In welchem Ort/);
      assert.deepEqual(actionTitles(town), ['Freiberg', 'Döbeln', 'Mittweida']);
      const level = await client.sendActivity(message('in Döbeln bitte'));
      assert.match(level.text ?? '', /Deutschniveau/);
      assert.ok(actionTitles(level).includes('Zurück'));
      const again = await client.sendActivity(message('zurück'));
      assert.match(again.text ?? '', /In welchem Ort/);
      await client.sendActivity(choose('doebeln', 'Döbeln'));
      const prefs = await client.sendActivity(choose('A1'));
      assert.match(prefs.text ?? '', /besonders wichtig/);
      const results = await client.sendActivity(choose('none', 'egal'));
      assert.equal(titles(results)[0], 'Integrationskurs Döbeln');
    });

    it('asks the age for school and reads it in any numeral system', async () => {
      const client = await createClient();
      await client.sendActivity(topic('school', 'Schule'));
      const age = await client.sendActivity(message('Freiberg'));
      assert.match(age.text ?? '', /Wie alt/);
      const retry = await client.sendActivity(message('weiß nicht'));
      assert.match(retry.text ?? '', /nicht als Alter verstanden/);
      const done = await client.sendActivity(message('١٦'));
      assert.doesNotMatch(done.text ?? '', /Wie alt/);
    });

    it('answers "help" in the middle of a step and then asks the same question again', async () => {
      const client = await createClient();
      await client.sendActivity(topic('german-course', 'Deutschkurs'));
      const help = await client.sendActivity(message('Hilfe'));
      assert.match(help.text ?? '', /So funktioniert es/);
      assert.match(client.getNextReply()?.text ?? '', /In welchem Ort/);
    });

    it('leaves a guided step when the newcomer asks for a person', async () => {
      const client = await createClient();
      await client.sendActivity(topic('german-course', 'Deutschkurs'));
      const reply = await client.sendActivity(message('Ich möchte mit einem Menschen sprechen'));
      assert.match(reply.text ?? '', /Darf die Beratung/);
      const next = await client.sendActivity(message('nein'));
      assert.match(next.text ?? '', /Worum geht es/, 'the topic was not known yet, so it is asked');
      // A topic typed in words is understood (it used to be dropped: the analysis lists signals, not ids).
      assert.match((await client.sendActivity(message('Kita'))).text ?? '', /In welchem Ort/);
      await client.sendActivity(message('Freiberg'));
      const [queued] = await client.handoffs.repository.list('waiting');
      assert.equal(queued?.topic, 'childcare');
      assert.equal(queued?.town, 'freiberg');
    });

    it('switches language on the command, with buttons in native names, and keeps it', async () => {
      const client = await createClient();
      const picker = await client.sendActivity(message('Sprache'));
      assert.ok(actionTitles(picker).includes('English'));
      assert.ok(actionTitles(picker).includes('Deutsch'));
      const confirmed = await client.sendActivity(message('English', { value: { action: 'language', lang: 'en' } }));
      assert.match(confirmed.text ?? '', /answer in English/);
      const answer = await client.sendActivity(message('Integrationskurs Döbeln'));
      assert.equal(answer.locale, 'en');
      assert.equal(titles(answer)[0], 'Integration course Döbeln');
    });

    it('narrows the last results on "nur abends" and "only free ones"', async () => {
      const client = await createClient();
      await client.sendActivity(message('Abenddeutsch Freiberg'));
      const narrowed = await client.sendActivity(message('nur kostenlos'));
      assert.match(narrowed.text ?? '', /Gefiltert: kostenlos/);
      assert.ok(titles(client.getNextReply() ?? {}).length > 0);
    });

    const refinements: [string, 'de' | 'en' | 'uk' | 'ru' | 'ar' | 'fa', 'evening' | 'free'][] = [
      ['only in the evening', 'en', 'evening'],
      ['тільки ввечері', 'uk', 'evening'],
      ['тільки безкоштовні', 'uk', 'free'],
      ['только бесплатные', 'ru', 'free'],
      ['فقط في المساء', 'ar', 'evening'],
      ['فقط رایگان', 'fa', 'free'],
    ];
    for (const [text, lang, facet] of refinements) {
      it(`${lang}: narrows the last results on "${text}" to ${facet} only`, async () => {
        const client = await createClient();
        const t = (await createTranslator(DATA_DIR, { strict: true })).forLanguage(lang);
        await client.sendActivity(message('Abenddeutsch Freiberg'));
        const narrowed = await client.sendActivity(message(text));
        assert.equal(narrowed.locale, lang);
        assert.ok((narrowed.text ?? '').includes(t(`guided.pref.${facet}`)), `${narrowed.text} names the ${facet} filter`);
        // Arabic المساء (evening) is one letter from النساء (women): it was read as "women only".
        for (const other of ['evening', 'free', 'womenOnly', 'childcare'].filter((f) => f !== facet)) {
          assert.ok(!(narrowed.text ?? '').includes(t(`guided.pref.${other}`)), `${narrowed.text} names no ${other} filter`);
        }
      });
    }

    it('asks which was meant when two answers fit about equally, in the newcomer’s language', async () => {
      const answers = [
        buildAnswer({ id: 'a-register-course', category: 'german-course', questions: { de: ['Wie melde ich mich zum Sprachkurs an?'], uk: ['Як записатися на мовний курс?'] }, answer: { de: 'Beim Träger.' } }),
        buildAnswer({ id: 'a-register-exam', category: 'german-course', questions: { de: ['Wie melde ich mich zur Sprachprüfung an?'], uk: ['Як записатися на мовний іспит?'] }, answer: { de: 'Beim Prüfzentrum.' } }),
      ];
      const client = await createClient({ answers });
      const reply = await client.sendActivity(message('Wie melde ich mich an?'));
      assert.match(reply.text ?? '', /Meinen Sie eine dieser Fragen/);
      assert.deepEqual(actionTitles(reply).slice(0, 2).sort(), ['Wie melde ich mich zum Sprachkurs an?', 'Wie melde ich mich zur Sprachprüfung an?']);
      const picked = await client.sendActivity(message('Wie melde ich mich zur Sprachprüfung an?', { value: { action: 'answer', answerId: 'a-register-exam' } }));
      assert.match(picked.text ?? '', /Prüfzentrum/);
      const uk = await client.sendActivity(message('Як записатися на мовний курс чи іспит?'));
      assert.equal(uk.locale, 'uk');
      assert.ok(actionTitles(uk).includes('Як записатися на мовний іспит?'), actionTitles(uk).join(' | '));
    });

    it('answers a question about a place first, then shows that place’s offers below', async () => {
      const client = await createClient();
      const answer = await client.sendActivity(message('Was kostet der Integrationskurs in Döbeln?'));
      assert.match(answer.text ?? '', /2,29 €/);
      const offers = client.getNextReply();
      assert.equal(titles(offers ?? {})[0], 'Integrationskurs Döbeln');
    });

    it('answers a question that tells a situation, then lists the offers it asked about below', async () => {
      const free = buildAnswer({
        id: 'a-free-german',
        category: 'german-course',
        questions: { de: ['Wo kann ich kostenlos Deutsch lernen?'] },
        answer: { de: 'Kostenlos sind Sprachcafés und der Erstorientierungskurs.' },
      });
      const client = await createClient({ answers: [buildAnswer(), free] });
      const answer = await client.sendActivity(message('Gibt es einen kostenlosen Deutschkurs? Ich habe leider kein Geld'));
      assert.match(answer.text ?? '', /Kostenlos sind/);
      const offers = client.getNextReply();
      assert.ok(titles(offers ?? {}).length > 0, 'offer cards follow the answer');
      // A question for facts alone keeps them behind a button.
      const cost = await client.sendActivity(message('Was kostet der Integrationskurs?'));
      assert.match(cost.text ?? '', /2,29 €/);
      assert.equal(titles(client.getNextReply() ?? {}).length, 0);
    });

    it('reads "for my daughter, she is 3" against the last search: the places for her age, in her parent’s language', async () => {
      const offers = [
        buildOffer({ categories: ['childcare'], townId: 'frankenberg', title: { de: 'Hortplatz Frankenberg' }, audiences: ['primary-pupils', 'parents'] }),
        buildOffer({ categories: ['childcare'], townId: 'frankenberg', title: { de: 'Kita-Anmeldung Frankenberg' }, audiences: ['young-children', 'parents'] }),
        buildOffer({ categories: ['childcare'], townId: 'mittweida', title: { de: 'Kita-Anmeldung Mittweida' }, audiences: ['young-children', 'parents'] }),
      ];
      const client = await createClient({ offers });
      const first = await client.sendActivity(message('Kita in Frankenberg'));
      assert.ok(titles(first).includes('Hortplatz Frankenberg'), titles(first).join(' | '));
      const forHer = await client.sendActivity(message('für meine Tochter, sie ist 3'));
      assert.match(forHer.text ?? '', /Passend für das Alter 3/);
      const cards = titles(client.getNextReply() ?? {});
      assert.deepEqual(cards.slice(0, 2), ['Kita-Anmeldung Frankenberg', 'Kita-Anmeldung Mittweida'], cards.join(' | '));
      const uk = await client.sendActivity(message('а для сина, йому 7 років'));
      assert.equal(uk.locale, 'uk');
      assert.match(uk.text ?? '', /Для віку 7/);
      assert.equal(titles(client.getNextReply() ?? {})[0], 'Hortplatz Frankenberg');
    });

    it('keeps a question whose answer did not help, with that answer, for the coordinators’ review', async () => {
      const client = await createClient();
      const answer = await client.sendActivity(message('Muss ich den Integrationskurs selbst bezahlen, wenn ich arbeite?'));
      assert.match(answer.text ?? '', /2,29 €/);
      await client.sendActivity(message('Das hat nicht geholfen', { value: { action: 'feedback', helpful: false } }));
      assert.deepEqual(client.missed, [{ text: 'Muss ich den Integrationskurs selbst bezahlen, wenn ich arbeite?', lang: 'de', miss: { reason: 'notHelpful', answerId: 'a-ik-cost' } }]);
    });

    it('reads a follow-up against the conversation: another town, then the cost', async () => {
      const client = await createClient();
      await client.sendActivity(message('Integrationskurs Döbeln'));
      const moved = await client.sendActivity(message('und in Freiberg?'));
      assert.equal(titles(moved)[0], 'Integrationskurs Freiberg', 'the same topic in the town now named');
      const cost = await client.sendActivity(message('und was kostet das?'));
      assert.match(cost.text ?? '', /2,29 €/);
    });

    it('says when no offer meets a wish, and not when one does', async () => {
      const client = await createClient();
      const women = await client.sendActivity(message('Deutschkurs nur für Frauen in Freiberg'));
      assert.match(women.text ?? '', /Mit „nur für Frauen“ habe ich nichts Passendes gefunden/);
      assert.ok(titles(women).length > 0, 'the closest offers are still shown');
      const free = await client.sendActivity(message('kostenloser Deutschkurs in Freiberg'));
      assert.doesNotMatch(free.text ?? '', /nichts Passendes/);
      const uk = await client.sendActivity(message('курс німецької лише для жінок у Фрайберзі'));
      assert.equal(uk.locale, 'uk');
      assert.match(uk.text ?? '', /Варіантів «лише для жінок» я не знайшов/);
    });

    it('starts over on "neu starten" and shows the topics', async () => {
      const client = await createClient();
      await client.sendActivity(topic('school', 'Schule'));
      const restart = await client.sendActivity(message('neu starten'));
      assert.match(restart.text ?? '', /Wählen Sie ein Thema/);
    });
  });
});
