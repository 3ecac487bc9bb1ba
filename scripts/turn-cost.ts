/**
 * What a bot turn costs the main thread without HTTP around it: `npx tsx scripts/turn-cost.ts
 * [turns] [conversations]`. Starts the service, hands the eval questions (Telegram channel) to
 * the channel adapter directly, as many conversations at once, with the connector's reply post
 * answered in process; then does the same with an echo bot in place of ours. Prints main-thread
 * milliseconds per turn (event loop utilisation) for each of three rounds after a warm-up. The
 * HTTP bench (`npm run bench`) adds the load generator, restify and the posts, which this leaves
 * out, so the difference between the two bots here is our own code and the libraries it uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createEmptyPipeline, createHttpHeaders } from '@azure/core-rest-pipeline';
import { ActivityHandler, CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { startTestApp, testConfig } from '../test/helpers/testApp';
import { echoHandler } from './echoBot';

const ROOT = path.resolve(__dirname, '..');
const TURNS = Number(process.argv[2]) || 3000;
const CONVERSATIONS = Number(process.argv[3]) || 100;

// The adapter and the bot the service builds, found as they are set up (the service keeps both
// to itself), and replies answered at once instead of posted.
let adapter: CloudAdapter | undefined;
let bot: ActivityHandler | undefined;
const use = CloudAdapter.prototype.use;
CloudAdapter.prototype.use = function (this: CloudAdapter, ...middleware) {
  adapter ??= this;
  return use.apply(this, middleware);
};
const onMessage = ActivityHandler.prototype.onMessage;
ActivityHandler.prototype.onMessage = function (this: ActivityHandler, handler) {
  bot = this;
  return onMessage.call(this, handler);
};
// Every reply, ours and the echo bot's, is posted as JSON (src/hosting/jsonReplies.ts) through
// a pipeline of the connector client's policies: every pipeline answers in process.
let posted = 0;
const pipelines = Object.getPrototypeOf(createEmptyPipeline()) as Record<string, unknown>;
pipelines.sendRequest = async (_client: unknown, request: unknown) => (posted++, { status: 200, headers: createHttpHeaders(), bodyAsText: '{"id":"1"}', request });

const texts = fs
  .readFileSync(path.join(ROOT, 'eval', 'questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

async function measure(which: 'ours' | 'echo'): Promise<{ rounds: number[]; postsPerTurn: number }> {
  adapter = undefined;
  const app = await startTestApp(testConfig(), { strictTranslations: false, ...(which === 'echo' ? { bot: echoHandler() } : {}) });
  const running = bot!;
  let sent = 0;
  const turn = (c: number) =>
    adapter!.processActivityDirect(
      '',
      {
        type: 'message',
        id: String(sent),
        text: texts[sent++ % texts.length],
        channelId: 'telegram',
        serviceUrl: 'http://127.0.0.1:9',
        from: { id: `u-${c}` },
        recipient: { id: 'bot' },
        conversation: { id: `${which}-${c}` },
      } as Activity,
      (context: TurnContext) => running.run(context),
    );
  const round = async (turns: number) => {
    const before = performance.eventLoopUtilization();
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        for (let i = 0; i < turns / CONVERSATIONS; i++) await turn(c);
      }),
    );
    return performance.eventLoopUtilization(before).active / turns;
  };
  await round(TURNS / 2);
  posted = 0;
  const rounds = [await round(TURNS), await round(TURNS), await round(TURNS)];
  await app.app.stop();
  // A turn whose replies failed would look cheap: say how many arrived.
  return { rounds, postsPerTurn: posted / (3 * TURNS) };
}

async function main(): Promise<void> {
  for (const which of ['echo', 'ours'] as const) {
    const { rounds, postsPerTurn } = await measure(which);
    console.log(
      `${which}: ${rounds.map((ms) => ms.toFixed(2)).join(' / ')} ms main thread per turn (${CONVERSATIONS} conversations, best ${Math.min(...rounds).toFixed(2)}; ${postsPerTurn.toFixed(2)} replies per turn)`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
