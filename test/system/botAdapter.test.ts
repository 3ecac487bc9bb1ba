import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CardFactory, ConfigurationBotFrameworkAuthentication, MemoryStorage, type Activity } from 'botbuilder';
import { AppCredentials, ClaimsIdentity, ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import restify from 'restify';
import { createBotAdapter } from '../../src/hosting/botAdapter';
import { postingJson } from '../../src/hosting/jsonReplies';
import { JsonConversationState } from '../../src/state/jsonChangeState';
import { createTranslator } from '../../src/language/i18n';
import { createLogger } from '../../src/logging/logger';
import { ConnectorStub, userMessage } from '../helpers/connectorStub';
import { DATA_DIR, postJson } from '../helpers/testApp';

describe('Bot Framework adapter', () => {
  it('apologises in the newcomer’s language and clears the broken conversation state', async () => {
    const stub = new ConnectorStub();
    await stub.start();
    const storage = new MemoryStorage();
    const conversationState = new JsonConversationState(storage);
    const adapter = createBotAdapter(
      { appType: 'MultiTenant', appId: '', appPassword: '', appTenantId: '' },
      { logger: createLogger('silent'), translator: await createTranslator(DATA_DIR, { strict: true }), conversationState },
    );
    const flag = conversationState.createProperty<boolean>('broken');
    const server = restify.createServer();
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    server.post('/api/messages', async (req, res) => {
      await adapter.process(req, res, async (context) => {
        await flag.set(context, true);
        await conversationState.saveChanges(context);
        throw new Error('a dialog broke');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
      await postJson(url, userMessage(stub.serviceUrl, 'Where can I find a German course?'));
      await stub.waitFor(2);
      const apology = stub.messages().at(-1);
      assert.equal(apology?.text, 'Sorry, something went wrong. Please try again.');
      assert.ok(stub.received.some((a) => a.type === 'trace'));
      const stored = await storage.read(Object.keys((storage as unknown as { memory: Record<string, unknown> }).memory));
      assert.ok(Object.values(stored).every((item) => !(item as { broken?: boolean }).broken), 'state cleared');
    } finally {
      server.close();
      await stub.stop();
    }
  });

  it('sends every turn’s replies through one connector client per service URL', async () => {
    const [first, second] = [new ConnectorStub(), new ConnectorStub()];
    await first.start();
    await second.start();
    try {
      const adapter = createBotAdapter(
        { appType: 'MultiTenant', appId: '', appPassword: '', appTenantId: '' },
        { logger: createLogger('silent'), translator: await createTranslator(DATA_DIR, { strict: true }), conversationState: new JsonConversationState(new MemoryStorage()) },
      );
      const clients: unknown[] = [];
      const turn = (serviceUrl: string, text: string) =>
        adapter.processActivityDirect('', userMessage(serviceUrl, text) as Activity, async (context) => {
          clients.push(context.turnState.get(adapter.ConnectorClientKey));
          await context.sendActivity(`echo: ${text}`);
        });
      await turn(first.serviceUrl, 'eins');
      await turn(first.serviceUrl, 'zwei');
      await turn(second.serviceUrl, 'drei');
      assert.deepEqual(first.messages().map((a) => a.text), ['echo: eins', 'echo: zwei']);
      assert.deepEqual(second.messages().map((a) => a.text), ['echo: drei']);
      assert.equal(clients[0], clients[1], 'the same client for the same service URL');
      assert.notEqual(clients[1], clients[2], 'another for another service URL');
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

/** A channel that records each post's path and body, and answers with the given status. */
async function recordingChannel(answer: (count: number) => { status: number; body: unknown }) {
  const posts: { path: string; body: unknown; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: JSON.parse(body), headers: req.headers });
      const { status, body: reply } = answer(posts.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { posts, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('Bot Framework adapter: replies', () => {
  const adapter = async () =>
    createBotAdapter(
      { appType: 'MultiTenant', appId: '', appPassword: '', appTenantId: '' },
      { logger: createLogger('silent'), translator: await createTranslator(DATA_DIR, { strict: true }), conversationState: new JsonConversationState(new MemoryStorage()) },
    );
  // A Teams-like conversation id and a service URL with a path, as Teams and Azure give them.
  const conversation = { id: 'a:1Xy;messageid=17/x@thread.v2', name: 'Gruppe' };
  const reply: Partial<Activity> = {
    type: 'message',
    text: 'Hier sind Angebote in **Döbeln**',
    locale: 'de',
    inputHint: 'acceptingInput',
    attachmentLayout: 'carousel',
    attachments: [CardFactory.heroCard('Integrationskurs Döbeln', 'Mo, Mi 9–12 Uhr\n\nKosten: 2,29 €', [], [{ type: 'openUrl', title: 'Öffnen', value: 'https://example.org/kurs?a=1&b=2' }], { subtitle: 'VHS · Döbeln' })],
    suggestedActions: { to: [], actions: [{ type: 'messageBack', title: 'Mehr Ergebnisse', text: 'Mehr Ergebnisse', value: { action: 'more' } }] },
    channelData: { notification: { alert: false } },
  };

  it('posts a reply as the Bot Framework’s own client would: the same path and the same JSON', async () => {
    const channel = await recordingChannel((n) => ({ status: 200, body: { id: `reply-${n}` } }));
    try {
      const serviceUrl = `${channel.base}/emea/`;
      const ids: string[] = [];
      await (await adapter()).processActivityDirect('', { ...userMessage(serviceUrl, 'Kurse in Döbeln'), conversation } as Activity, async (context) => {
        ids.push((await context.sendActivity(reply))?.id ?? '');
      });
      assert.deepEqual(ids, ['reply-1'], 'the channel’s id for the reply comes back');
      const sent = channel.posts[0]!;
      // The library's generated client, given the activity exactly as the adapter finished it.
      const library = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl });
      const body = sent.body as Activity;
      await library.conversations.replyToActivity(body.conversation.id, body.replyToId!, body);
      assert.equal(sent.path, channel.posts[1]!.path);
      assert.match(sent.path, /^\/emea\/v3\/conversations\/a%3A1Xy%3Bmessageid%3D17%2Fx%40thread\.v2\/activities\/m\d+$/);
      assert.deepEqual(sent.body, channel.posts[1]!.body);
    } finally {
      channel.close();
    }
  });

  it('sends to a conversation (no reply-to id) on the same path and with the same JSON as the library’s client', async () => {
    const channel = await recordingChannel((n) => ({ status: 200, body: { id: `sent-${n}` } }));
    try {
      const serviceUrl = `${channel.base}/emea/`;
      const activity = { ...reply, conversation, from: { id: 'bot' }, recipient: { id: 'u1' }, channelId: 'msteams', serviceUrl } as Activity;
      const ours = postingJson(new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl }), serviceUrl);
      assert.deepEqual(await ours.conversations.sendToConversation(conversation.id, activity), { id: 'sent-1' });
      await new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl }).conversations.sendToConversation(conversation.id, activity);
      assert.match(channel.posts[0]!.path, /^\/emea\/v3\/conversations\/a%3A1Xy%3Bmessageid%3D17%2Fx%40thread\.v2\/activities$/);
      assert.equal(channel.posts[0]!.path, channel.posts[1]!.path);
      assert.deepEqual(channel.posts[0]!.body, channel.posts[1]!.body);
    } finally {
      channel.close();
    }
  });

  it('signs a reply with the bot’s token and names the library’s user agent, as the library’s client does', async () => {
    const channel = await recordingChannel((n) => ({ status: 200, body: { id: `signed-${n}` } }));
    const appId = '00000000-0000-4000-8000-000000000001';
    const cacheKey = `${appId}https://api.botframework.com-cache`;
    // The library's token cache, private in its typings.
    const tokens = (AppCredentials as unknown as { cache: Map<string, unknown> }).cache;
    // A token as the login service would have issued it: nothing here may call out for one.
    tokens.set(cacheKey, { accessToken: 'token-of-the-bot', tokenType: 'Bearer', expiresIn: 3600, expiresOn: new Date(Date.now() + 3_600_000) } as never);
    try {
      const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: appId, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' } as never);
      const factory = auth.createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: appId }], true));
      const activity = { ...reply, conversation, from: { id: 'bot' }, recipient: { id: 'u1' }, channelId: 'msteams', serviceUrl: channel.base } as Activity;
      const ours = postingJson(await factory.create(channel.base, undefined as never), channel.base);
      assert.deepEqual(await ours.conversations.sendToConversation(conversation.id, activity), { id: 'signed-1' });
      await (await factory.create(channel.base, undefined as never)).conversations.sendToConversation(conversation.id, activity);
      const [mine, library] = channel.posts.map((p) => p.headers);
      assert.equal(mine!.authorization, 'Bearer token-of-the-bot');
      assert.equal(mine!.authorization, library!.authorization);
      assert.match(mine!['user-agent'] ?? '', /Microsoft-BotFramework/);
      assert.equal(mine!['user-agent'], library!['user-agent']);
      assert.equal(mine!['content-type'], library!['content-type']);
    } finally {
      tokens.delete(cacheKey);
      channel.close();
    }
  });

  it('fails the send with the channel’s status and code when the channel refuses the reply', async () => {
    const channel = await recordingChannel(() => ({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } }));
    try {
      let error: (Error & { statusCode?: number; code?: string }) | undefined;
      await (await adapter()).processActivityDirect('', userMessage(channel.base, 'Hallo') as Activity, async (context) => {
        error = await context.sendActivity('Hallo!').then(() => undefined, (e: Error) => e);
      });
      assert.equal(error?.statusCode, 403);
      assert.equal(error?.code, 'BotNotInConversationRoster');
      assert.match(error?.message ?? '', /roster/);
    } finally {
      channel.close();
    }
  });

  it('tries a reply again when the channel is briefly unavailable, and it arrives once', async () => {
    const channel = await recordingChannel((n) => (n === 1 ? { status: 503, body: {} } : { status: 200, body: { id: 'late' } }));
    try {
      const ids: string[] = [];
      await (await adapter()).processActivityDirect('', userMessage(channel.base, 'Hallo') as Activity, async (context) => {
        ids.push((await context.sendActivity('Hallo!'))?.id ?? '');
      });
      assert.deepEqual(ids, ['late']);
      assert.equal(channel.posts.length, 2);
      assert.deepEqual(channel.posts[0]!.body, channel.posts[1]!.body);
    } finally {
      channel.close();
    }
  });
});
