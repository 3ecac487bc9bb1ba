import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Config } from '../../src/config/config';
import { parseWeeklyHours } from '../../src/handoff/openingHours';
import { ConnectorStub, userMessage } from '../helpers/connectorStub';
import { postJson, startTestApp, testConfig, type RunningApp } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';

function config(mode: 'console' | 'protocol'): Config {
  const c = testConfig();
  return { ...c, handoff: { ...c.handoff, mode, hours: { ...c.handoff.hours, weekly: parseWeeklyHours('always'), publicHolidays: 'none' } } };
}

/** A channel conversation through /api/messages; replies land in the connector stub. */
function channel(running: RunningApp, stub: ConnectorStub, conversation: string, channelId = 'telegram') {
  return async (text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> => {
    const before = stub.received.length;
    const res = await postJson(
      `${running.baseUrl}/api/messages`,
      userMessage(stub.serviceUrl, text, { channelId, conversation: { id: conversation } as Activity['conversation'], from: { id: `u-${conversation}`, name: '' }, ...extra }),
    );
    assert.ok(res.status < 300, `status ${res.status}`);
    return stub.received.slice(before);
  };
}

const texts = (activities: Partial<Activity>[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '').join('\n');

describe('handoff on Bot Service channels', function () {
  this.timeout(30_000);
  let stub: ConnectorStub;
  before(async () => {
    stub = new ConnectorStub();
    await stub.start();
  });
  after(async () => stub.stop());

  describe('with the built-in console', () => {
    let running: RunningApp;
    let now = Date.now();
    before(async () => {
      running = await startTestApp(config('console'), { now: () => now });
      await running.app.users.add({ username: 'anna', password: PASSWORD, role: 'advisor', languages: ['ar'] });
    });
    after(async () => running.app.stop());

    it('offers a person by itself after two questions in a row that found nothing', async () => {
      const say = channel(running, stub, 'miss');
      assert.match(texts(await say('Wie ist das Wetter morgen?')), /nicht verstanden/);
      const second = texts(await say('Wer gewinnt die Bundesliga?'));
      assert.match(second, /zweimal keine passende Antwort/);
      assert.match(texts(await say('ja')), /Darf die Beratung unseren bisherigen Chat lesen/);
    });

    it('counts "this didn\'t help" as a miss', async () => {
      const say = channel(running, stub, 'feedback');
      const answer = (await say('Was kostet ein Integrationskurs?')).find((a) => a.type === 'message')!;
      const notHelpful = answer.suggestedActions?.actions.find((a) => a.title === 'Hat nicht geholfen');
      assert.ok(notHelpful, 'answers carry a "didn\'t help" button');
      // Telegram sends the button's label as text; the channel layer maps it back to the action.
      assert.match(texts(await say(notHelpful.title!)), /anderen Worten/);
      assert.match(texts(await say(notHelpful.title!)), /Möchten Sie mit einer Person sprechen/);
    });

    it('reaches a Telegram newcomer proactively, and turns a long wait into a callback', async () => {
      const say = channel(running, stub, 'tg-ar');
      await say('أريد التحدث مع شخص');
      await say('نعم', { value: { action: 'choose', value: 'yes' } });
      await say('x', { value: { action: 'choose', value: 'school' } });
      const queued = texts(await say('فرايبرغ'));
      assert.match(queued, /1/);
      const [item] = (await running.app.handoffs.list('waiting', (await running.app.users.list())[0]!)).filter((h) => h.channelId === 'telegram');
      assert.equal(item!.language, 'ar');

      // Nobody accepts within the timeout: the sweep offers a callback in Arabic, through the stub.
      now += 11 * 60_000;
      const before = stub.received.length;
      await running.app.handoffs.sweep();
      const offer = stub.received.slice(before).find((a) => a.type === 'message')!;
      assert.equal(offer.locale, 'ar');
      assert.equal(offer.conversation?.id, 'tg-ar');
      const leave = offer.suggestedActions?.actions[0];
      assert.equal(leave?.title, 'ترك وسيلة تواصل');
      assert.match(texts(await say(leave!.title!)), /رقم هاتفك|بريدك/);
      const saved = texts(await say('٠١٧٦١٢٣٤٥٦٧٨'));
      assert.match(saved, /\+4917612345678/);
      const moved = await running.app.handoffs.get(item!.id);
      assert.equal(moved?.status, 'callback');
      assert.deepEqual(moved?.contact, { kind: 'phone', value: '+4917612345678' });
      assert.match(texts(await say('دورة اندماج في دوبلن')), /دوبلن|Döbeln/, 'the bot answers again');
    });
  });

  describe('delivery through the Bot Service adapter', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp(config('console'));
    });
    after(async () => running.app.stop());

    it('pushes the advisor’s messages into a Facebook conversation, and the newcomer’s replies into the queue', async () => {
      const advisor = await running.app.users.add({ username: 'sam', password: PASSWORD, role: 'advisor', languages: ['en'], displayName: 'Sam' });
      const say = channel(running, stub, 'fb-1', 'facebook');
      await say('Integration course in Döbeln');
      await say('I want to talk to a person');
      assert.match(texts(await say('yes')), /number 1/);
      const [item] = await running.app.handoffs.list('waiting', advisor);
      const before = stub.received.length;
      await running.app.handoffs.accept(item!.id, advisor);
      const sent = await running.app.handoffs.advisorMessage(item!.id, advisor, { text: 'Hello, how can I help?' });
      assert.equal(sent.delivered, true);
      const pushed = stub.received.slice(before).filter((a) => a.type === 'message').map((a) => [a.conversation?.id, a.locale, a.text]);
      assert.deepEqual(pushed, [
        ['fb-1', 'en', 'Sam, an advisor, is now in the chat. The bot is paused until the conversation ends.'],
        ['fb-1', 'en', 'Sam: Hello, how can I help?'],
      ]);
      assert.equal(texts(await say('I need an evening course')), '');
      const detail = await running.app.handoffs.detail(item!.id);
      assert.deepEqual(detail.messages.map((m) => [m.from, m.text]), [['advisor', 'Hello, how can I help?'], ['user', 'I need an evening course']]);
    });
  });

  describe('with a channel’s own agent hub (handoff protocol)', () => {
    let running: RunningApp;
    before(async () => {
      running = await startTestApp(config('protocol'));
    });
    after(async () => running.app.stop());

    it('emits handoff.initiate with the consented transcript, goes silent on accepted, resumes on completed', async () => {
      const say = channel(running, stub, 'omni', 'msteams');
      await say('Integrationskurs in Döbeln');
      await say('Ich möchte mit einem Menschen sprechen');
      const out = await say('Ja', { value: { action: 'choose', value: 'yes' } });
      const initiate = out.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
      assert.ok(initiate, `no handoff.initiate in ${out.map((a) => a.type + ':' + (a.name ?? a.text)).join(', ')}`);
      const value = initiate.value as { handoffId: string; language: string; topic: string | null; town: string };
      assert.equal(value.language, 'de');
      assert.equal(value.town, 'doebeln');
      const transcript = (initiate.attachments?.[0]?.content as { activities: { text: string }[] }).activities.map((a) => a.text);
      assert.ok(transcript.includes('Integrationskurs in Döbeln'), transcript.join(' | '));
      assert.match(texts(out), /verbinde Sie jetzt/);

      const event = (state: string) => say('', { type: 'event', name: 'handoff.status', value: { state }, text: undefined });
      await event('accepted');
      assert.equal((await running.app.handoffs.get(value.handoffId))?.status, 'active');
      assert.equal(texts(await say('Hallo, ist jemand da?')), '', 'silent while the hub has the conversation');
      assert.match(texts(await event('completed')), /Hat Ihnen das Gespräch geholfen/);
      assert.equal((await running.app.handoffs.get(value.handoffId))?.outcome, 'hub-completed');
      assert.match(texts(await say('Integrationskurs in Döbeln')), /Döbeln/, 'the bot answers again');
    });
  });
});
