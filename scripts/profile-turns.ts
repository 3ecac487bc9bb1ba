/**
 * Where a bot turn's CPU goes: `npx tsx scripts/profile-turns.ts [turns] [conversations]`.
 * Sends the eval questions to /api/messages (Telegram channel, a connector stub that answers at
 * once), profiles the process with the inspector and prints the share of each package or file.
 * The profile is written to bench/turns.cpuprofile (open it in Chrome's DevTools).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { startTestApp, testConfig } from '../test/helpers/testApp';
import { connectorStub } from './connectorStub';

const ROOT = path.resolve(__dirname, '..');
const TURNS = Number(process.argv[2]) || 1200;
const CONVERSATIONS = Number(process.argv[3]) || 10;

interface ProfileNode { id: number; callFrame: { url: string; functionName: string } }

async function main(): Promise<void> {
  const stub = await connectorStub();
  const serviceUrl = stub.url;
  const app = await startTestApp(testConfig(), { strictTranslations: false });
  const texts = fs.readFileSync(path.join(ROOT, 'eval', 'questions.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  const send = (i: number, conversation: string) =>
    fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: String(i), text: texts[i % texts.length], channelId: 'telegram', serviceUrl, from: { id: `u-${conversation}` }, recipient: { id: 'bot' }, conversation: { id: conversation } }),
    });
  for (let i = 0; i < 100; i++) await send(i, 'warm-up');

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CONVERSATIONS }, async (_, c) => {
    for (let i = 0; i < TURNS / CONVERSATIONS; i++) await send(i + c * 7, `c${c}`);
  }));
  const used = process.cpuUsage(cpu);
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  await app.app.stop();
  stub.close();

  console.log(`${TURNS} turns in ${CONVERSATIONS} conversations: ${(TURNS / ((performance.now() - started) / 1000)).toFixed(0)} turns/s, ${((used.user + used.system) / 1000 / TURNS).toFixed(2)} ms CPU per turn (whole process)`);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const shares = new Map<string, number>();
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
  profile.samples.forEach((id, i) => {
    const url = nodes.get(id)?.callFrame.url ?? '';
    const where = url.includes('/node_modules/') ? url.split('/node_modules/').at(-1)!.split('/')[0]! : url ? path.relative(ROOT, url.replace('file://', '')) : '(engine: program, GC, idle)';
    shares.set(where, (shares.get(where) ?? 0) + profile.timeDeltas[i]!);
  });
  for (const [where, time] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${where}`);
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'turns.cpuprofile'), JSON.stringify(profile));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
