/**
 * npm run bench [-- --full] [-- --duration 5]
 * Every figure is printed next to a baseline measured in the same run on the same machine:
 *   1. bot turns over HTTP (/api/messages + connector stub) against an echo bot on the same stack;
 *   2. the ask pipeline against plain minisearch with Integreat's settings over the same offers,
 *      speed at 500 / 10,000 (/ 100,000 with --full) offers and relevance on the eval set;
 *   3. index build time and memory at each size.
 * Results also go to bench/results.md.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import MiniSearch from 'minisearch';
import restify from 'restify';
import { createAsk, createSearch } from '../src/ask/pipeline';
import { readSeedCatalogue, type SeedCatalogue } from '../src/catalogue/seed';
import { LANGUAGES, type Offer } from '../src/catalogue/types';
import { startTestApp } from '../test/helpers/testApp';

const args = process.argv.slice(2);
const FULL = args.includes('--full');
const DURATION = Number(args[args.indexOf('--duration') + 1]) || 5;
const DATA = path.resolve(__dirname, '..', 'data');
const out: string[] = [];
const say = (line = '') => {
  console.log(line);
  out.push(line);
};
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const pct = (values: number[], p: number) => {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** A channel's side of the connector protocol that answers at once, for both bots. */
async function connectorStub(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** The floor: CloudAdapter + restify + an ActivityHandler that echoes, nothing else. */
async function echoBot(): Promise<{ url: string; close: () => void }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function load(url: string, connections: number, serviceUrl: string): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections,
    duration: DURATION,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        // One conversation per connection: turns of one conversation are sequential, as in a chat.
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          context.conversation ??= `bench-${n++}`;
          return {
            ...req,
            body: JSON.stringify({
              type: 'message',
              id: String(Math.random()),
              text: 'Integrationskurs in Döbeln',
              channelId: 'telegram',
              serviceUrl,
              from: { id: `u-${context.conversation}` },
              recipient: { id: 'bot' },
              conversation: { id: context.conversation },
            }),
          };
        },
      },
    ],
  } as never);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

/** More offers that look like the seed: same texts in other towns, with other ids and times. */
function grow(seed: SeedCatalogue, size: number): Offer[] {
  const towns = seed.towns.map((t) => t.id);
  const offers: Offer[] = [];
  for (let i = 0; offers.length < size; i++) {
    const base = seed.offers[i % seed.offers.length]!;
    const town = i < seed.offers.length ? base.townId : towns[(i * 7) % towns.length]!;
    offers.push({ ...base, id: i < seed.offers.length ? base.id : `${base.id}-g${i}`, townId: town, schedule: `${base.schedule} (Gruppe ${i % 13})` });
  }
  return offers;
}

function integreatBaseline(offers: Offer[]) {
  const mini = new MiniSearch<{ id: string; title: string; content: string }>({ fields: ['title', 'content'], storeFields: ['id'] });
  mini.addAll(offers.map((o) => ({ id: o.id, title: Object.values(o.title).join(' '), content: Object.values(o.summary).join(' ') })));
  return (q: string) => mini.search(q, { boost: { title: 2 }, fuzzy: 0.25, prefix: true, combineWith: 'AND' });
}

async function main(): Promise<void> {
  const started = new Date();
  say(`# Benchmark — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say('');
  say(`Machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}. Duration per load run: ${DURATION} s.`);
  say('');

  // 1. Bot turns over HTTP against the echo bot.
  const stub = await connectorStub();
  const echo = await echoBot();
  const app = await startTestApp();
  say('## Bot turns over HTTP (/api/messages, connector stub), against an echo bot on the same stack');
  say('');
  say('| conversations | echo p50 / p99 ms | echo req/s | ours p50 / p99 ms | ours req/s | p99 ratio | errors |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of [1, 10, 100]) {
    const base = await load(echo.url, c, stub.url);
    const ours = await load(app.baseUrl, c, stub.url);
    say(`| ${c} | ${base.p50} / ${base.p99} | ${Math.round(base.rps)} | ${ours.p50} / ${ours.p99} | ${Math.round(ours.rps)} | ${ratio(ours.p99, base.p99)} | ${ours.errors} |`);
  }
  say('');
  await app.app.stop();
  echo.close();
  stub.close();

  // 2 + 3. Search speed, relevance, build time and memory at each size.
  const seed = readSeedCatalogue(DATA);
  const questions = fs
    .readFileSync(path.resolve(__dirname, '..', 'eval', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; intent: string; cats: string[] });
  say('## Search: our ask pipeline against plain minisearch (Integreat settings: title boost 2, fuzzy 0.25, prefix, AND)');
  say('');
  say('| offers | index build ours / plain ms | heap ours MB | ask p50 / p99 ms | plain p50 / p99 ms | p99 ratio |');
  say('| --- | --- | --- | --- | --- | --- |');
  const sizes = FULL ? [500, 10_000, 100_000] : [500, 10_000];
  let relevance = '';
  for (const size of sizes) {
    const offers = grow(seed, size);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let t = performance.now();
    const search = createSearch({ ...seed, offers }, DATA);
    const ours = performance.now() - t;
    const heap = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    t = performance.now();
    const plain = integreatBaseline(offers);
    const plainBuild = performance.now() - t;
    const ask = createAsk(search);
    const timesOurs: number[] = [];
    const timesPlain: number[] = [];
    for (const q of questions) {
      let s = performance.now();
      ask.ask({ text: q.text, limit: 3, supported: LANGUAGES });
      timesOurs.push(performance.now() - s);
      s = performance.now();
      plain(q.text);
      timesPlain.push(performance.now() - s);
    }
    say(`| ${size.toLocaleString('en')} | ${Math.round(ours)} / ${Math.round(plainBuild)} | ${heap.toFixed(0)} | ${pct(timesOurs, 50).toFixed(1)} / ${pct(timesOurs, 99).toFixed(1)} | ${pct(timesPlain, 50).toFixed(1)} / ${pct(timesPlain, 99).toFixed(1)} | ${ratio(pct(timesOurs, 99), pct(timesPlain, 99))} |`);
    if (size === sizes[0]) {
      const byId = new Map(offers.map((o) => [o.id, o]));
      let oursTop3 = 0;
      let plainTop3 = 0;
      const offerQuestions = questions.filter((q) => q.intent === 'offers' && q.cats.length);
      for (const q of offerQuestions) {
        const r = ask.ask({ text: q.text, limit: 3, supported: LANGUAGES });
        if (r.offers.some((o) => o.offer.categories.some((c) => q.cats.includes(c)))) oursTop3++;
        if (plain(q.text).slice(0, 3).some((h) => byId.get(String(h.id))?.categories.some((c) => q.cats.includes(c)))) plainTop3++;
      }
      relevance = `Relevance on eval/questions.jsonl (${offerQuestions.length} offer questions, six languages; a hit is an offer of an expected topic in the top 3): ours ${((100 * oursTop3) / offerQuestions.length).toFixed(1)} %, plain minisearch ${((100 * plainTop3) / offerQuestions.length).toFixed(1)} %.`;
    }
  }
  say('');
  say(relevance);
  say('');
  say(`Process RSS at the end: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB.`);
  fs.mkdirSync(path.resolve(__dirname, '..', 'bench'), { recursive: true });
  fs.writeFileSync(path.resolve(__dirname, '..', 'bench', 'results.md'), out.join('\n') + '\n');
  console.log('\nwritten to bench/results.md');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
