/**
 * The floor `npm run bench` compares with: an ActivityHandler that echoes, on CloudAdapter and
 * restify like ours, and nothing else. Run directly, it starts on a free port and prints
 * "listening <port>", so the bench can time a cold start of the bare stack.
 */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

export function echoHandler(): ActivityHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  return bot;
}

export async function startEchoBot(): Promise<{ url: string; port: number; close: () => void }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = echoHandler();
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => server.close() };
}

if (require.main === module) {
  void startEchoBot().then(({ port }) => process.stdout.write(`listening ${port}\n`));
}
