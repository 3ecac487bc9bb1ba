import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { MemoryStorage, type Activity } from 'botbuilder';
import restify from 'restify';
import { createBotAdapter } from '../../src/hosting/botAdapter';
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
