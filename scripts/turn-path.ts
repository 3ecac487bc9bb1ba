/**
 * Which of our files one Web Chat message runs through: `npx tsx scripts/turn-path.ts ["text"]`.
 * Starts the service, sends three messages through the built-in Direct Line to warm it up, then
 * one more, and lists every file under src/, bots/ and dialogs/ with a named function that ran
 * between that message's post and its reply (V8's precise coverage), with the number of them.
 * Leaf helpers count as much as the route or the dialog, and so does anything a timer runs in
 * that time (the catalogue follower's poll).
 */
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import WebSocket from 'ws';
import { startTestApp, testConfig } from '../test/helpers/testApp';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  const app = await startTestApp(testConfig(), { strictTranslations: false });
  const { token } = (await (await fetch(`${app.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const post = (url: string, body: unknown) =>
    fetch(`${app.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const conversation = (await (await post('/v3/directline/conversations', {})).json()) as { conversationId: string; streamUrl: string };
  const socket = new WebSocket(conversation.streamUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  const waiting = new Map<string, () => void>();
  socket.on('message', (data) => {
    if (String(data).length === 0) return;
    for (const a of (JSON.parse(String(data)) as { activities?: { replyToId?: string }[] }).activities ?? []) if (a.replyToId) waiting.get(a.replyToId)?.();
  });
  const say = async (text: string) => {
    const { id } = (await (await post(`/v3/directline/conversations/${conversation.conversationId}/activities`, { type: 'message', text, from: { id: 'newcomer' } })).json()) as { id: string };
    await new Promise<void>((resolve) => waiting.set(id, resolve));
    // The last replies of the turn follow the first.
    await new Promise((resolve) => setTimeout(resolve, 300));
  };
  for (const text of ['Hallo', 'Deutschkurs in Freiberg', 'Kita in Döbeln']) await say(text);
  await session.post('Profiler.takePreciseCoverage');
  const text = process.argv[2] ?? 'Deutschkurs abends in Mittweida';
  await say(text);
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as {
    result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
  };
  const files = new Map<string, number>();
  for (const script of result) {
    const file = path.relative(ROOT, script.url.replace('file://', ''));
    if (!/^(src|bots|dialogs)\/.*\.ts$/.test(file)) continue;
    const ran = script.functions.filter((f) => f.functionName !== '' && f.ranges[0]!.count > 0).length;
    if (ran > 0) files.set(file, ran);
  }
  const folders = new Set([...files.keys()].map((f) => f.split('/').slice(0, f.startsWith('src/') ? 2 : 1).join('/')));
  console.log(`"${text}": ${files.size} files in ${folders.size} folders (${[...folders].sort().join(', ')})`);
  for (const [file, functions] of [...files].sort()) console.log(`${String(functions).padStart(4)}  ${file}`);
  socket.close();
  await app.app.stop();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
