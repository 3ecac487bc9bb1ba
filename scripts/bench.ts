/**
 * npm run bench [-- --duration 5] [-- --pairs 3] [-- --full] [-- --only http,directline,search,relevance,start]
 * npm run bench -- --soak [minutes]      (10 minutes by default; not part of CI)
 *
 * Every figure is printed next to a baseline measured in the same run on the same machine:
 *   1. bot turns over HTTP (/api/messages + connector stub) against an echo bot on the same stack;
 *   2. bot turns through the local Direct Line against the same service with an echo bot in
 *      place of ours;
 *   3. the ask pipeline against plain minisearch with Integreat's settings over the same offers:
 *      speed at 500 / 10,000 (/ 100,000 with --full) offers, relevance on the eval set;
 *   3b. relevance against plain minisearch with AND and with OR on the seed catalogue: topics,
 *      nearness, wishes met, and answers (scripts/benchRelevance.ts);
 *   4. cold start to ready and memory at each size, against a cold start of the echo bot.
 * Results go to bench/results.md (the soak to bench/soak.md).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import WebSocket from 'ws';
import { createAsk, createSearch } from '../src/ask/pipeline';
import { readSeedCatalogue } from '../src/catalogue/seed';
import { type Offer } from '../src/catalogue/types';
import { LANGUAGES } from '../src/language/languages';
import { startTestApp, tempDir, testConfig, type RunningApp } from '../test/helpers/testApp';
import { growCatalogue, writeCatalogueDatabase } from './benchCatalogue';
import { connectorStub } from './connectorStub';
import { loadHttp as loadTexts, median, type LoadResult } from './httpLoad';
import { echoHandler, startEchoBot } from './echoBot';
import { relevanceAgainstMinisearch } from './benchRelevance';
import { SqliteDatabase } from '../src/db/sqliteDatabase';
import { DatabaseOfferStore } from '../src/search/offerStore';
// Plain JavaScript shared with `npm start`.
const { ensureBuilt } = require('./ensureBuilt') as { ensureBuilt: () => string };

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const FULL = args.includes('--full');
const DURATION = Number(option('--duration')) || 5;
/** Echo/ours pairs per row of the HTTP table (see botTurnsOverHttp). */
const PAIRS = Number(option('--pairs')) || 3;
const SOAK = args.includes('--soak') ? Number(option('--soak')) || 10 : 0;
const ONLY = new Set((option('--only') ?? 'http,directline,search,relevance,start').split(','));
const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'data');
const out: string[] = [];
const say = (line = '') => {
  console.log(line);
  out.push(line);
};
/** Two decimals, or two significant digits below 0.1 (25 ms against 5 s is 0.0047×, not 0.00×). */
const ratio = (a: number, b: number) => (b > 0 ? `${a / b >= 0.1 ? (a / b).toFixed(2) : (a / b).toPrecision(2)}×` : 'n/a');
const pct = (values: number[], p: number) => {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)}`;

const questions = fs
  .readFileSync(path.join(ROOT, 'eval', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; intent: string; cats: string[] });
const holdout = fs
  .readFileSync(path.join(ROOT, 'eval', 'holdout.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string });
/** What newcomers send: the eval questions in turn, six languages, every intent. */
const TEXTS = questions.map((q) => q.text);


/** The eval questions in turn, for DURATION seconds unless `extra` says otherwise. */
const loadHttp = (url: string, connections: number, serviceUrl: string, extra: Record<string, unknown> = {}): Promise<LoadResult> =>
  loadTexts(url, connections, serviceUrl, TEXTS, { duration: DURATION, ...extra });

/**
 * Newcomers on the local Direct Line: token, conversation, web socket, then ten messages, each
 * sent when the bot's first reply to the previous one has arrived. Timed from the post to that
 * reply on the socket. A hand-written client: autocannon cannot wait for a socket message.
 */
async function loadDirectLine(baseUrl: string, users: number, turns = 10): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const post = (url: string, token: string, body: unknown) =>
        fetch(`${baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const { token } = (await (await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
      const conversation = (await (await post('/v3/directline/conversations', token, {})).json()) as { conversationId: string; streamUrl: string };
      const socket = new WebSocket(conversation.streamUrl);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const waiting = new Map<string, () => void>();
      socket.on('message', (data) => {
        if (String(data).length === 0) return;
        const { activities = [] } = JSON.parse(String(data)) as { activities?: { replyToId?: string }[] };
        for (const a of activities) if (a.replyToId) waiting.get(a.replyToId)?.();
      });
      for (let t = 0; t < turns; t++) {
        const sentAt = performance.now();
        const res = await post(`/v3/directline/conversations/${conversation.conversationId}/activities`, token, {
          type: 'message',
          text: TEXTS[(u * turns + t) % TEXTS.length],
          from: { id: 'user' },
        });
        if (!res.ok) {
          errors++;
          continue;
        }
        const { id } = (await res.json()) as { id: string };
        const replied = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 15_000);
          waiting.set(id, () => (clearTimeout(timer), resolve(true)));
        });
        if (replied) latencies.push(performance.now() - sentAt);
        else errors++;
      }
      socket.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: Math.round(pct(latencies, 50)), p99: Math.round(pct(latencies, 99)), rps: latencies.length / seconds, errors };
}

function integreatBaseline(offers: Offer[]) {
  const mini = new MiniSearch<{ id: string; title: string; content: string }>({ fields: ['title', 'content'], storeFields: ['id'] });
  mini.addAll(offers.map((o) => ({ id: o.id, title: Object.values(o.title).join(' '), content: Object.values(o.summary).join(' ') })));
  return (q: string) => mini.search(q, { boost: { title: 2 }, fuzzy: 0.25, prefix: true, combineWith: 'AND' });
}

/** Spawns a process and resolves when its stdout shows `ready`, with the time taken and its RSS then. */
async function timeStart(command: string[], env: Record<string, string>, ready: RegExp): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        output += String(d);
        if (ready.test(output)) resolve();
      });
      child.stderr.on('data', (d) => (output += String(d)));
      child.on('exit', (code) => reject(new Error(`exited with ${code} before ready: ${output.slice(-500)}`)));
    });
    const ms = performance.now() - started;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { ms, rssMb: rss / 2 ** 20 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}

async function botTurnsOverHttp(): Promise<void> {
  const stub = await connectorStub();
  const echo = await startEchoBot();
  // As in production: the tests' strict translations check every key twice.
  const app = await startTestApp(testConfig(), { strictTranslations: false });
  say('## Bot turns over HTTP (/api/messages, connector stub), against an echo bot on the same stack');
  say('');
  say(`Each connection is one conversation sending the ${TEXTS.length} eval questions in turn, ${DURATION} s per run (autocannon).`);
  say('');
  say(`Each row is ${PAIRS} pairs of runs, the echo bot's and then ours, one pair after the other; every figure is the median over the pairs, and each ratio and share is the median of the pairs' own. This machine's speed drifts by a third within minutes: a pair's two runs meet nearly the same machine, a run minutes apart may not.`);
  say('');
  say('CPU per turn is the whole process (autocannon, stack and bot) divided by the turns served; the echo bot runs the same load generator and stack, so the difference is our bot\'s own share.');
  say('');
  say('| conversations | echo p50 / p99 ms | echo turns/s | ours p50 / p99 ms | ours turns/s | p99 ratio | throughput ratio | CPU ms/turn echo / ours | our share ms | errors |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of [1, 10, 100]) {
    const pairs: { base: LoadResult; ours: LoadResult }[] = [];
    for (let i = 0; i < PAIRS; i++) pairs.push({ base: await loadHttp(echo.url, c, stub.url), ours: await loadHttp(app.baseUrl, c, stub.url) });
    const of = (pick: (pair: { base: LoadResult; ours: LoadResult }) => number) => median(pairs.map(pick));
    const cpu = `${of((p) => p.base.cpuPerTurnMs!).toFixed(2)} / ${of((p) => p.ours.cpuPerTurnMs!).toFixed(2)}`;
    const share = of((p) => p.ours.cpuPerTurnMs! - p.base.cpuPerTurnMs!).toFixed(2);
    const errors = pairs.reduce((sum, p) => sum + p.ours.errors, 0);
    say(
      `| ${c} | ${of((p) => p.base.p50)} / ${of((p) => p.base.p99)} | ${Math.round(of((p) => p.base.rps))} | ${of((p) => p.ours.p50)} / ${of((p) => p.ours.p99)} | ${Math.round(of((p) => p.ours.rps))} | ${ratio(of((p) => p.ours.p99 / p.base.p99), 1)} | ${ratio(of((p) => p.ours.rps / p.base.rps), 1)} | ${cpu} | ${share} | ${errors} |`,
    );
  }
  say('');
  await app.app.stop();
  echo.close();
  stub.close();
}

async function botTurnsThroughDirectLine(): Promise<void> {
  say('## Bot turns through the local Direct Line, against the same service with an echo bot');
  say('');
  say('Each newcomer: token, conversation, web socket, ten questions; timed from the post to the first reply on the socket.');
  say('');
  say('| newcomers | echo p50 / p99 ms | echo turns/s | ours p50 / p99 ms | ours turns/s | p99 ratio | errors |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  const options = { rateLimit: { rate: 100_000, burst: 100_000 }, strictTranslations: false };
  const echo = await startTestApp(testConfig(), { ...options, bot: echoHandler() });
  const app = await startTestApp(testConfig(), options);
  for (const users of [1, 10, 100]) {
    const base = await loadDirectLine(echo.baseUrl, users);
    const ours = await loadDirectLine(app.baseUrl, users);
    say(`| ${users} | ${base.p50} / ${base.p99} | ${Math.round(base.rps)} | ${ours.p50} / ${ours.p99} | ${Math.round(ours.rps)} | ${ratio(ours.p99, base.p99)} | ${ours.errors} |`);
  }
  say('');
  await echo.app.stop();
  await app.app.stop();
}

async function searchAtSizes(sizes: number[]): Promise<void> {
  const seed = readSeedCatalogue(DATA);
  say('## Search: our ask pipeline against plain minisearch (Integreat settings: title boost 2, fuzzy 0.25, prefix, AND)');
  say('');
  say('Catalogues grown from the seed: the same courses in other towns and terms, town and level in the title, some ended or paused; six languages each.');
  say('');
  say('| offers | index build ours / plain ms | memory ours MB (heap and buffers) | ask p50 / p99 ms | plain p50 / p99 ms | p99 ratio |');
  say('| --- | --- | --- | --- | --- | --- |');
  let relevance = '';
  for (const size of sizes) {
    const offers = growCatalogue(seed, size);
    // As the service has it: the offers shown are read from the database.
    const db = await SqliteDatabase.open(await catalogueDatabase(size, offers));
    // The heap and the typed arrays' buffers, which live outside the heap: the index keeps its
    // postings in them.
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    global.gc?.();
    const heapBefore = used();
    let t = performance.now();
    const search = createSearch({ ...seed, offers }, DATA, new DatabaseOfferStore(db));
    const ours = performance.now() - t;
    global.gc?.();
    const heap = used() - heapBefore;
    const ask = createAsk(search);
    const timesOurs: number[] = [];
    const timesPlain: number[] = [];
    // Each is warmed up first with other questions (the holdout set), so the measured round finds
    // in the caches only what different questions share. Above 10,000 offers plain minisearch
    // takes long enough per question that it is not warmed up, and one round over 100 questions
    // says what there is to say. Each is asked before the other's index exists and in its own
    // loop: plain minisearch's index at 100,000 offers and its garbage are gigabytes, and a
    // major collection of them landing among our 100 questions decided our p99.
    const asked = size > 10_000 ? questions.slice(0, 100) : questions;
    for (const q of holdout) await ask.ask({ text: q.text, limit: 3, supported: LANGUAGES });
    for (const q of asked) {
      const s = performance.now();
      await ask.ask({ text: q.text, limit: 3, supported: LANGUAGES });
      timesOurs.push(performance.now() - s);
    }
    t = performance.now();
    const plain = integreatBaseline(offers);
    const plainBuild = performance.now() - t;
    if (size <= 10_000) for (const q of holdout) plain(q.text);
    for (const q of asked) {
      const s = performance.now();
      plain(q.text);
      timesPlain.push(performance.now() - s);
    }
    Object.assign(scaleEntry(size), { askP99: pct(timesOurs, 99), plainP99: pct(timesPlain, 99), heapMb: heap / 2 ** 20 });
    say(`| ${size.toLocaleString('en')} | ${Math.round(ours)} / ${Math.round(plainBuild)} | ${mb(heap)} | ${pct(timesOurs, 50).toFixed(1)} / ${pct(timesOurs, 99).toFixed(1)} | ${pct(timesPlain, 50).toFixed(1)} / ${pct(timesPlain, 99).toFixed(1)} | ${ratio(pct(timesOurs, 99), pct(timesPlain, 99))} |`);
    if (size === sizes[0]) {
      const byId = new Map(offers.map((o) => [o.id, o]));
      let oursTop3 = 0;
      let plainTop3 = 0;
      const offerQuestions = questions.filter((q) => q.intent === 'offers' && q.cats.length);
      for (const q of offerQuestions) {
        const r = await ask.ask({ text: q.text, limit: 3, supported: LANGUAGES });
        if (r.offers.some((o) => o.offer.categories.some((c) => q.cats.includes(c)))) oursTop3++;
        if (plain(q.text).slice(0, 3).some((h) => byId.get(String(h.id))?.categories.some((c) => q.cats.includes(c)))) plainTop3++;
      }
      relevance = `Relevance on eval/questions.jsonl (${offerQuestions.length} offer questions, six languages; a hit is an offer of an expected topic in the top 3), at ${size} offers: ours ${((100 * oursTop3) / offerQuestions.length).toFixed(1)} %, plain minisearch ${((100 * plainTop3) / offerQuestions.length).toFixed(1)} %.`;
    }
    await db.close();
  }
  say('');
  say(relevance);
  say('');
}

/** One database per catalogue size, written once: the in-process search and the starts share it. */
const databases = new Map<number, string>();
async function catalogueDatabase(size: number, offers: readonly Offer[] = growCatalogue(readSeedCatalogue(DATA), size)): Promise<string> {
  let file = databases.get(size);
  if (!file) {
    file = path.join(tempDir(), 'bench.db');
    await writeCatalogueDatabase(file, readSeedCatalogue(DATA), offers);
    databases.set(size, file);
  }
  return file;
}

/** Figures per catalogue size that the scale goals (a Land's catalogue, 100,000 offers) are read against. */
const atScale = new Map<number, { askP99?: number; plainP99?: number; heapMb?: number; savedStartMs?: number; rssMb?: number }>();
const scaleEntry = (size: number) => atScale.get(size) ?? atScale.set(size, {}).get(size)!;

/** The goals for 100,000 offers, next to what this run measured (`--full` only). */
function scaleGoals(size: number): void {
  const m = atScale.get(size);
  if (!m) return;
  const verdict = (value: number | undefined, goal: number) => (value === undefined ? 'not measured' : value < goal ? 'met' : 'not met');
  say(`## Goals at ${size.toLocaleString('en')} offers`);
  say('');
  say('| figure | goal | ours | plain minisearch / echo bot | |');
  say('| --- | --- | --- | --- | --- |');
  say(`| ask p99 | < 50 ms | ${m.askP99?.toFixed(1) ?? '–'} ms | ${m.plainP99?.toFixed(1) ?? '–'} ms | ${verdict(m.askP99, 50)} |`);
  say(`| RSS after ready | < 400 MB | ${m.rssMb?.toFixed(0) ?? '–'} MB | search ${m.heapMb?.toFixed(0) ?? '–'} MB (heap and buffers) | ${verdict(m.rssMb, 400)} |`);
  say(`| start with the saved index | < 3,000 ms | ${m.savedStartMs === undefined ? '–' : Math.round(m.savedStartMs)} ms | | ${verdict(m.savedStartMs, 3000)} |`);
  say('');
}

async function coldStarts(sizes: number[]): Promise<void> {
  const seed = readSeedCatalogue(DATA);
  say('## Cold start to ready, and memory, against a cold start of the echo bot');
  say('');
  say('`npm start` (compiled to dist/, built before timing) on a database holding the catalogue, until it prints that it listens. The first start reads the database, builds the search index and saves it beside the database; the second reads the saved search. RSS right after ready.');
  say('');
  const entry = ensureBuilt();
  const echoRuns: number[] = [];
  let echoRss = 0;
  for (let i = 0; i < 3; i++) {
    const r = await timeStart(['--no-deprecation', path.join(ROOT, 'dist', 'scripts', 'echoBot.js')], {}, /listening \d+/);
    echoRuns.push(r.ms);
    echoRss = r.rssMb;
  }
  const echo = pct(echoRuns, 50);
  say(`Echo bot (restify + CloudAdapter, compiled the same way): ${Math.round(echo)} ms to ready, ${echoRss.toFixed(0)} MB RSS (median of 3).`);
  say('');
  say('| offers | first start (build + save) ms | ratio | second start (saved index) ms | ratio | RSS after ready MB |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const file = await catalogueDatabase(size);
    const env = { DATABASE_PATH: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const ready = /läuft auf/;
    const first = await timeStart(['--no-deprecation', entry], env, ready);
    const second = await timeStart(['--no-deprecation', entry], env, ready);
    Object.assign(scaleEntry(size), { savedStartMs: second.ms, rssMb: second.rssMb });
    say(`| ${size.toLocaleString('en')} | ${Math.round(first.ms)} | ${ratio(first.ms, echo)} | ${Math.round(second.ms)} | ${ratio(second.ms, echo)} | ${second.rssMb.toFixed(0)} |`);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  say('');
}

/** Moderate load for `minutes`; memory after a full GC every 30 s. */
async function soak(minutes: number): Promise<void> {
  const stub = await connectorStub();
  const app: RunningApp = await startTestApp(testConfig(), { strictTranslations: false });
  say(`## Soak: ${minutes} min at 20 turns/s over 10 conversations (/api/messages, connector stub)`);
  say('');
  say('| minute | RSS MB | heap used MB |');
  say('| --- | --- | --- |');
  const samples: { rss: number; heap: number }[] = [];
  const sample = () => {
    global.gc?.();
    const m = process.memoryUsage();
    samples.push({ rss: m.rss, heap: m.heapUsed });
    say(`| ${((performance.now() - started) / 60_000).toFixed(1)} | ${mb(m.rss)} | ${mb(m.heapUsed)} |`);
  };
  const started = performance.now();
  sample();
  const timer = setInterval(sample, 30_000);
  const result = await loadHttp(app.baseUrl, 10, stub.url, { duration: minutes * 60, overallRate: 20 });
  clearInterval(timer);
  sample();
  // The sample after one minute is the base: caches and JIT fill the first minute.
  const base = samples[Math.min(2, samples.length - 1)]!;
  const last = samples[samples.length - 1]!;
  say('');
  say(`Turns: p50 ${result.p50} ms, p99 ${result.p99} ms, ${Math.round(result.rps)} turns/s, ${result.errors} errors.`);
  say(`Growth from minute 1 to the end: RSS ${(((last.rss - base.rss) / base.rss) * 100).toFixed(1)} %, heap ${(((last.heap - base.heap) / base.heap) * 100).toFixed(1)} % (goal: < 10 %).`);
  await app.app.stop();
  stub.close();
}

async function main(): Promise<void> {
  const started = new Date();
  say(`# Benchmark — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say('');
  say(`Machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}. Command: \`npm run bench -- ${args.join(' ')}\`.`);
  say('');
  if (SOAK) {
    await soak(SOAK);
  } else {
    const sizes = FULL ? [500, 10_000, 100_000] : [500, 10_000];
    if (ONLY.has('http')) await botTurnsOverHttp();
    if (ONLY.has('directline')) await botTurnsThroughDirectLine();
    if (ONLY.has('search')) await searchAtSizes(sizes);
    if (ONLY.has('relevance')) await relevanceAgainstMinisearch(ROOT, say);
    if (ONLY.has('start')) await coldStarts(sizes);
    if (FULL) scaleGoals(100_000);
    say(`Bench process RSS at the end: ${mb(process.memoryUsage().rss)} MB.`);
    const soakFile = path.join(ROOT, 'bench', 'soak.md');
    if (fs.existsSync(soakFile)) {
      // The soak takes ten minutes and runs on its own; its last result is pointed to, not repeated.
      const lines = fs.readFileSync(soakFile, 'utf8').split('\n');
      say('');
      say('## Soak');
      say('');
      say(`Last \`npm run bench -- --soak\` run: bench/soak.md (${lines[0]?.replace(/^# Benchmark — /, '') ?? ''}). ${lines.find((l) => l.startsWith('Growth')) ?? ''}`);
    }
  }
  const file = path.join(ROOT, 'bench', SOAK ? 'soak.md' : 'results.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, out.join('\n') + '\n');
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
