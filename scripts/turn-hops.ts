/**
 * How often a turn passes from one of our files to another, counted rather than sampled:
 * `npx tsx scripts/turn-hops.ts [--dir <checkout>] [--turns N] [--list]`.
 *
 * The checkout (this one unless --dir names another) is compiled as `npm start` compiles it and
 * started with scripts/turnHopsHook.cjs preloaded, which wraps every function and class method
 * our modules export. Over the built-in Direct Line one conversation asks N (30) questions of
 * eval/questions.jsonl (this checkout's, so every version is asked the same), each after the
 * replies to the one before have stopped. Counted, per turn:
 *
 * - calls from one of our files into an exported function or method of another (a callback run
 *   through a library counts for the file below the library; one entered from a library alone,
 *   after an await or from restify, counts as "(library) -> file");
 * - of those, the hand-overs of the message: an argument the callee declares is the message's
 *   text, its words (or some of them), its activity or turn context, or a value holding one of
 *   them (a TurnInput, an ask request, an analysis). `words.map(stem)` hands `stem` the whole
 *   list as a third argument it does not declare: that is not counted.
 *
 * An older version to compare is a checkout of its commit with this one's dependencies:
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npx tsx scripts/turn-hops.ts --dir /tmp/before
 *
 * Closures and object literals are not wrapped, so what a module hands out that way is not
 * counted; both versions compared are counted the same way. Work started by timers is left out.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Newcomer } from '../test/helpers/newcomer';

const HERE = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const DIR = path.resolve(option('--dir') ?? HERE);
const TURNS = Number(option('--turns') ?? 30);
const LIST = args.includes('--list');

interface Edge {
  key: string;
  calls: number;
  message: number;
}

const all = fs
  .readFileSync(path.join(HERE, 'eval', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);
/** Every k-th question, so the languages and intents of the set are all there. */
const QUESTIONS = Array.from({ length: TURNS }, (_, i) => all[Math.floor((i * all.length) / TURNS)]!);
const WARM_UP = ['Hallo', 'Deutschkurs in Freiberg', 'Kita in Döbeln'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function start(): Promise<{ child: ChildProcess; baseUrl: string; stop: () => void }> {
  const built = spawnSync(process.execPath, [path.join(DIR, 'scripts', 'ensureBuilt.js')], { cwd: DIR, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`could not compile ${DIR}`);
  const port = await freePort();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'turn-hops-'));
  const limit = '1000/1000';
  const child = spawn(process.execPath, ['--require', path.join(HERE, 'scripts', 'turnHopsHook.cjs'), path.join(DIR, 'dist', 'src', 'index.js')], {
    cwd: DIR,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      TURN_HOPS_DIST: path.join(DIR, 'dist'),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(data, 'bildungslotse.sqlite'),
      LOG_LEVEL: 'error',
      RATE_LIMIT_CHAT: limit,
      RATE_LIMIT_MESSAGES: limit,
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the service stopped (exit ${child.exitCode})`);
    const ready = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 600) throw new Error('the service did not start within a minute');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl, stop: () => { child.kill('SIGINT'); fs.rmSync(data, { recursive: true, force: true }); } };
}

/**
 * The newcomer asks, gets the first reply, and asks the next question only once nothing more has
 * come for 300 ms: the last replies of a turn (offers below an answer) belong to it.
 */
async function ask(newcomer: Newcomer, text: string): Promise<void> {
  await newcomer.ask(text, /(?:)/, undefined, 15_000);
  for (let seen = -1; seen !== newcomer.received.length; ) {
    seen = newcomer.received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function main(): Promise<void> {
  const service = await start();
  try {
    const { token } = (await (await fetch(`${service.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const newcomer = new Newcomer(service.baseUrl, token, 'newcomer');
    for (const text of WARM_UP) await ask(newcomer, text);
    service.child.send({ type: 'start', texts: QUESTIONS });
    for (const text of QUESTIONS) await ask(newcomer, text);
    const edges = await new Promise<Edge[]>((resolve) => {
      service.child.once('message', (message: { edges: Edge[] }) => resolve(message.edges));
      service.child.send({ type: 'stop' });
    });
    newcomer.dl.end();
    report(edges);
  } finally {
    service.stop();
  }
}

function report(edges: Edge[]): void {
  const per = (n: number) => (n / TURNS).toFixed(1);
  const sum = (list: Edge[], pick: (e: Edge) => number) => list.reduce((s, e) => s + pick(e), 0);
  const between = edges.filter((e) => !e.key.startsWith('(library)'));
  const entries = edges.filter((e) => e.key.startsWith('(library)'));
  const files = new Set(edges.flatMap((e) => e.key.split(' -> ')).filter((f) => f !== '(library)'));
  const handing = edges.filter((e) => e.message > 0);
  const handingFiles = new Set(handing.flatMap((e) => e.key.split(' -> ')).filter((f) => f !== '(library)'));
  console.log(`${path.basename(DIR)}: ${TURNS} questions of eval/questions.jsonl, one conversation, counted per turn`);
  console.log(`  calls between our files:           ${per(sum(between, (e) => e.calls))} per turn, ${between.length} distinct`);
  console.log(`  entries from libraries:            ${per(sum(entries, (e) => e.calls))} per turn, ${entries.length} distinct`);
  console.log(`  hand-overs of the message:         ${per(sum(handing, (e) => e.message))} per turn, ${handing.length} distinct, through ${handingFiles.size} files`);
  console.log(`  files entered:                     ${files.size}`);
  if (LIST) {
    console.log('\n  per turn  message  call');
    for (const e of [...edges].sort((a, b) => a.key.localeCompare(b.key))) console.log(`  ${per(e.calls).padStart(8)} ${per(e.message).padStart(8)}  ${e.key}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
