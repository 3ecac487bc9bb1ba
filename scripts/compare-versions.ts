/**
 * Two versions of the service under the same load in one process, alternately, each against the
 * echo bot measured just before and after it: `npx tsx scripts/compare-versions.ts <checkout>
 * [rounds]`. On a shared machine the load figures of two separate runs drift by a third within
 * minutes; side by side in one process they meet the same drift. The other version is a checkout
 * of another commit with this one's dependencies, for example:
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *
 * Prints, per round, turns/s and CPU ms per turn at 100 conversations over /api/messages (the
 * bench's HTTP row), and the medians of the throughput ratio to the echo bot and of the CPU per
 * turn above the echo bot's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, testConfig } from '../test/helpers/testApp';
import { connectorStub } from './connectorStub';
import { loadHttp, median } from './httpLoad';
import { startEchoBot } from './echoBot';

const other = process.argv[2];
const ROUNDS = Number(process.argv[3]) || 6;
if (!other || !fs.existsSync(path.join(other, 'test', 'helpers', 'testApp.ts'))) {
  console.error('usage: npx tsx scripts/compare-versions.ts <checkout of another commit> [rounds]');
  process.exit(2);
}
const ROOT = path.resolve(__dirname, '..');
const texts = fs
  .readFileSync(path.join(ROOT, 'eval', 'questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

interface Load {
  rps: number;
  cpuMs: number;
  errors: number;
}

async function load(url: string, serviceUrl: string, seconds: number): Promise<Load> {
  const result = await loadHttp(url, 100, serviceUrl, texts, { duration: seconds });
  return { rps: result.rps, cpuMs: result.cpuPerTurnMs ?? 0, errors: result.errors };
}

async function main(): Promise<void> {
  const { startTestApp: startOther, testConfig: otherConfig } = require(path.resolve(other!, 'test', 'helpers', 'testApp')) as typeof import('../test/helpers/testApp');
  const stub = await connectorStub();
  const echo = await startEchoBot();
  const versions = { other: await startOther(otherConfig(), { strictTranslations: false }), this: await startTestApp(testConfig(), { strictTranslations: false }) };
  for (const url of [echo.url, versions.other.baseUrl, versions.this.baseUrl]) await load(url, stub.url, 3);
  const ratios = { other: [] as number[], this: [] as number[] };
  const shares = { other: [] as number[], this: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const before = await load(echo.url, stub.url, 4);
    const got = {} as Record<'other' | 'this', Load>;
    // Which goes first changes every round, so neither always follows the echo bot.
    for (const which of round % 2 ? (['this', 'other'] as const) : (['other', 'this'] as const)) got[which] = await load(versions[which].baseUrl, stub.url, 4);
    const after = await load(echo.url, stub.url, 4);
    const echoRps = (before.rps + after.rps) / 2;
    const echoCpu = (before.cpuMs + after.cpuMs) / 2;
    for (const which of ['other', 'this'] as const) {
      ratios[which].push(got[which].rps / echoRps);
      shares[which].push(got[which].cpuMs - echoCpu);
    }
    const line = (which: 'other' | 'this') => `${which} ${got[which].rps.toFixed(0)}/s ${got[which].cpuMs.toFixed(2)} ms (${(got[which].rps / echoRps).toFixed(2)}×, errors ${got[which].errors})`;
    console.log(`echo ${echoRps.toFixed(0)}/s ${echoCpu.toFixed(2)} ms | ${line('other')} | ${line('this')}`);
  }
  console.log(
    `median throughput ratio: other ${median(ratios.other).toFixed(2)}×, this ${median(ratios.this).toFixed(2)}×; median CPU per turn above the echo bot: other ${median(shares.other).toFixed(2)} ms, this ${median(shares.this).toFixed(2)} ms`,
  );
  await versions.other.app.stop();
  await versions.this.app.stop();
  echo.close();
  stub.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
