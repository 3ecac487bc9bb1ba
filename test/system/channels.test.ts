import assert from 'node:assert/strict';
import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { ConnectorStub, userMessage } from '../helpers/connectorStub';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

// The rendering itself, channel by channel, is tested in test/unit/channelRendering.test.ts.
describe('an SMS conversation through the connector stub', () => {
  let running: RunningApp;
  let stub: ConnectorStub;
  before(async () => {
    running = await startTestApp();
    stub = new ConnectorStub();
    await stub.start();
  });
  after(async () => {
    await running.app.stop();
    await stub.stop();
  });

  async function sms(text: string): Promise<Partial<Activity>> {
    const before = stub.received.length;
    // /api/messages answers once the turn is over, so every reply of the turn is in the stub by then.
    await postJson(`${running.baseUrl}/api/messages`, userMessage(stub.serviceUrl, text, { channelId: 'sms', conversation: { id: 'sms-1' } as Activity['conversation'] }));
    await stub.waitFor(before + 1);
    return stub.received.slice(before).find((a) => a.type === 'message')!;
  }

  it('answers with numbered text, and "zwei" picks the second choice', async () => {
    const offers = await sms('Integrationskurs in Döbeln');
    assert.equal(offers.attachments, undefined);
    assert.match(offers.text ?? '', /• .*Integrationskurs/);
    assert.match(offers.text ?? '', /Antworten Sie mit der Zahl: 1 Mehr Ergebnisse oder 2 Mit einer Person sprechen/);
    const person = await sms('zwei');
    assert.match(person.text ?? '', /Darf die Beratung unseren bisherigen Chat lesen/);
  });

  it('treats an Action.Submit carrying only text like typed text', async () => {
    const before = stub.received.length;
    await postJson(
      `${running.baseUrl}/api/messages`,
      userMessage(stub.serviceUrl, '', { channelId: 'msteams', text: undefined, value: { text: 'Kita in Döbeln' }, conversation: { id: 'teams-1' } as Activity['conversation'] }),
    );
    await stub.waitFor(before + 1);
    const reply = stub.received.slice(before).find((a) => a.type === 'message')!;
    assert.equal(reply.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.match(reply.text ?? '', /Döbeln/);
  });

  it('"1" picks "more results"', async () => {
    await sms('Deutschkurs Freiberg');
    const more = await sms('1');
    assert.match(more.text ?? '', /Weitere Angebote/);
  });
});

describe('/api/messages answers', () => {
  let running: RunningApp;
  let stub: ConnectorStub;
  before(async () => {
    // A bot that answers one invoke with its own status and body, as Teams' task modules expect.
    const bot = new ActivityHandler();
    bot.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
      await next();
    });
    Object.assign(bot, {
      onInvokeActivity: async (context: TurnContext) => ({ status: 207, body: { invoked: context.activity.name, at: context.activity.timestamp instanceof Date } }),
    });
    running = await startTestApp(undefined, { bot });
    stub = new ConnectorStub();
    await stub.start();
  });
  after(async () => {
    await running.app.stop();
    await stub.stop();
  });

  it('an invoke with the bot’s status and body, a message with 200 once its replies are sent', async () => {
    const invoke = await postJson(`${running.baseUrl}/api/messages`, userMessage(stub.serviceUrl, '', { type: 'invoke', name: 'task/fetch', timestamp: '2026-12-07T10:00:00Z' as unknown as Date }));
    assert.equal(invoke.status, 207);
    // The SDK's fix-up still ran: the posted timestamp reached the bot as a date.
    assert.deepEqual(invoke.body, { invoked: 'task/fetch', at: true });
    const message = await postJson(`${running.baseUrl}/api/messages`, userMessage(stub.serviceUrl, 'Hallo'));
    assert.equal(message.status, 200);
    assert.equal(stub.messages().at(-1)?.text, 'echo: Hallo');
  });
});
