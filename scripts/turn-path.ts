/**
 * Which of our files one Web Chat message runs through: `npx tsx scripts/turn-path.ts ["text"]`.
 * Starts the service, sends three messages through the built-in Direct Line to warm it up, then
 * one more, and lists every file under src/, bots/ and dialogs/ with a named function that ran
 * between that message's post and its reply (V8's precise coverage), with the number of them.
 * Leaf helpers count as much as the route or the dialog, and so does anything a timer runs in
 * that time (the catalogue follower's poll).
 *
 * `npx tsx scripts/turn-path.ts ["text"] --calls [turns]` counts the hops instead: the message
 * is sent `turns` times (200), ten per conversation, under a CPU profile sampled every 25 µs; in
 * each sampled stack our files are read from the outside in (library frames skipped), and each
 * file calling the next is one call between files. A callback defined in one file and run by
 * another counts as a call too. Only synchronous stretches are seen (an await starts a new
 * stack), and sampling may miss a rare call: runs differ by a few calls.
 */
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import WebSocket from 'ws';
import { startTestApp, testConfig } from '../test/helpers/testApp';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const CALLS = args.includes('--calls');
const TURNS = CALLS ? Number(args[args.indexOf('--calls') + 1]) || 200 : 1;
const TEXT = args.find((a, i) => !a.startsWith('--') && !(CALLS && args[i - 1] === '--calls')) ?? 'Deutschkurs abends in Mittweida';

/** Our source file of a script URL, relative to the checkout; null for libraries and Node. */
function ourFile(url: string): string | null {
  const file = path.relative(ROOT, url.replace('file://', ''));
  return /^(src|bots|dialogs)\/.*\.ts$/.test(file) ? file : null;
}

const folderOf = (file: string) => file.split('/').slice(0, file.startsWith('src/') ? 2 : 1).join('/');

async function main(): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  if (!CALLS) await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  const app = await startTestApp(testConfig(), { strictTranslations: false });
  const replies = new Map<string, () => void>();
  // The built-in Direct Line takes 20 messages at once per conversation: ten each.
  const conversations = await Promise.all(Array.from({ length: Math.ceil(TURNS / 10) }, () => openConversation(app.baseUrl, replies)));
  const say = async (turn: number, text: string) => {
    await conversations[Math.floor(turn / 10)]!.say(text);
    // The last replies of the turn follow the first.
    await new Promise((resolve) => setTimeout(resolve, CALLS ? 20 : 300));
  };
  for (const text of ['Hallo', 'Deutschkurs in Freiberg', 'Kita in Döbeln']) await say(0, text);

  if (CALLS) {
    await session.post('Profiler.setSamplingInterval', { interval: 25 });
    await session.post('Profiler.start');
    for (let turn = 0; turn < TURNS; turn++) await say(turn, TEXT);
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    const calls = callsBetweenFiles(profile);
    const files = new Set([...calls].flatMap((call) => call.split(' -> ')));
    const callers = new Set([...calls].map((call) => call.split(' -> ')[0]));
    console.log(`"${TEXT}", ${TURNS} times: ${calls.size} calls between ${files.size} files of ours (${callers.size} of them calling another)`);
    for (const call of [...calls].sort()) console.log(`  ${call}`);
  } else {
    await session.post('Profiler.takePreciseCoverage');
    await say(0, TEXT);
    const { result } = (await session.post('Profiler.takePreciseCoverage')) as {
      result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
    };
    const files = new Map<string, number>();
    for (const script of result) {
      const file = ourFile(script.url);
      if (!file) continue;
      const ran = script.functions.filter((f) => f.functionName !== '' && f.ranges[0]!.count > 0).length;
      if (ran > 0) files.set(file, ran);
    }
    const folders = new Set([...files.keys()].map(folderOf));
    console.log(`"${TEXT}": ${files.size} files in ${folders.size} folders (${[...folders].sort().join(', ')})`);
    for (const [file, functions] of [...files].sort()) console.log(`${String(functions).padStart(4)}  ${file}`);
  }
  for (const conversation of conversations) conversation.close();
  await app.app.stop();
}

interface Profile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples: number[];
}

/** "caller -> callee" for each pair of our files next to each other in a sampled stack. */
function callsBetweenFiles(profile: Profile): Set<string> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const calls = new Set<string>();
  for (const sampled of new Set(profile.samples)) {
    const innerFirst: string[] = [];
    for (let id: number | undefined = sampled; id !== undefined; id = parent.get(id)) {
      const file = ourFile(nodes.get(id)!.callFrame.url);
      if (file && innerFirst.at(-1) !== file) innerFirst.push(file);
    }
    for (let i = innerFirst.length - 1; i > 0; i--) calls.add(`${innerFirst[i]} -> ${innerFirst[i - 1]}`);
  }
  return calls;
}

/** A Direct Line conversation of its own (token, conversation, socket); `say` waits for the first reply. */
async function openConversation(baseUrl: string, replies: Map<string, () => void>) {
  const { token } = (await (await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const post = (url: string, body: unknown) =>
    fetch(`${baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const conversation = (await (await post('/v3/directline/conversations', {})).json()) as { conversationId: string; streamUrl: string };
  const socket = new WebSocket(conversation.streamUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (data) => {
    if (String(data).length === 0) return;
    for (const a of (JSON.parse(String(data)) as { activities?: { replyToId?: string }[] }).activities ?? []) if (a.replyToId) replies.get(a.replyToId)?.();
  });
  return {
    say: async (text: string) => {
      const { id } = (await (await post(`/v3/directline/conversations/${conversation.conversationId}/activities`, { type: 'message', text, from: { id: 'newcomer' } })).json()) as { id: string };
      await new Promise<void>((resolve) => replies.set(id, resolve));
    },
    close: () => socket.close(),
  };
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
