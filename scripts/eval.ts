/**
 * Search quality: prints per-language figures for every question set and exits 1 when one falls
 * below eval/thresholds.json. `npm run eval` (own sets + the ../shared sets when they are there),
 * `-- --misses` lists every miss, `-- --file F` evaluates another JSONL file in our format (not
 * gated), `-- --suggest-thresholds` prints thresholds from today's figures instead of gating,
 * `-- --as-of YYYY-MM-DD` searches the seed as of another day than EVAL_AS_OF.
 */
import path from 'node:path';
import { EVAL_AS_OF, runEvaluation, type EvalSet } from './evalCore';
import { checkThresholds, formatShortfall, formatThresholds, loadThresholds, suggestThresholds } from './evalGate';
import { consoleTable, LEGEND, markdownTable } from './evalReport';

const root = path.resolve(__dirname, '..');
const THRESHOLDS = path.join(root, 'eval', 'thresholds.json');

async function main(args: string[]): Promise<number> {
  const showMisses = args.includes('--misses');
  const fileArg = args.indexOf('--file');
  const file = fileArg >= 0 ? args[fileArg + 1] : undefined;
  const sets: EvalSet[] | undefined = file ? [{ id: 'file', label: file, file: path.resolve(file), kind: 'labelled' }] : undefined;
  const asOfArg = args.indexOf('--as-of');
  const asOf = asOfArg >= 0 ? args[asOfArg + 1] : undefined;
  if (asOfArg >= 0 && !/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? '')) throw new Error('--as-of needs a date, YYYY-MM-DD');

  const run = await runEvaluation(root, sets, asOf ?? EVAL_AS_OF);
  console.log(LEGEND.join('\n'));
  console.log(`seed catalogue as of ${asOf ?? EVAL_AS_OF}`);
  for (const result of run.results) {
    console.log(`\n${consoleTable(result)}`);
    if (showMisses && result.misses.length) console.log(`\nmisses (${result.misses.length}):\n  ${result.misses.join('\n  ')}`);
  }
  for (const s of run.skipped) console.log(`\nskipped set ${s.set.id}: ${s.reason}, so it is neither measured nor gated`);
  console.log(`\n${markdownTable(run.results)}`);

  if (args.includes('--suggest-thresholds')) {
    console.log(`\n${formatThresholds(suggestThresholds(run, new Date().toISOString().slice(0, 10)))}`);
    return 0;
  }
  // Thresholds are for the known sets; another file is for looking, not gating.
  if (file) return 0;

  const { shortfalls, ungated } = checkThresholds(run, loadThresholds(THRESHOLDS));
  for (const id of ungated) console.log(`\nnote: set ${id} has no thresholds in eval/thresholds.json and is not gated`);
  if (shortfalls.length === 0) {
    console.log(`\nquality gate: every figure meets eval/thresholds.json`);
    return 0;
  }
  console.log(`\nquality gate FAILED, ${shortfalls.length} figure(s) below eval/thresholds.json:\n  ${shortfalls.map(formatShortfall).join('\n  ')}`);
  return 1;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
