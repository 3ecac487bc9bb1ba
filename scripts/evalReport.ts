/** How `npm run eval` shows its figures: a console table per set and one markdown table for the README. */
import { METRICS, METRIC_LABELS, percent, type Metric, type Ratio, type SetResult } from './evalCore';

export const LEGEND = [
  'exact: the expected catalogue answer (answer questions); top-1/top-3: expected category in the first / first three results (answer first, then offers);',
  'town: town recognised (offers questions); intent: expected intent; social: greeting/handoff/unknown intents; lang-id: language detection (product languages only).',
];

/** Only the columns some set measures, so the tables stay narrow. */
function columnsOf(results: SetResult[]): Metric[] {
  return METRICS.filter((m) => results.some((r) => [...r.figures.values()].some((f) => f.metrics[m])));
}

const cell = (r: Ratio | undefined, width: number) => (r ? `${percent(r).toFixed(1)}%` : '–').padStart(width);

export function consoleTable(result: SetResult): string {
  const columns = columnsOf([result]);
  const lines = [result.set.label, `lang     n  ${columns.map((m) => METRIC_LABELS[m].padStart(7)).join(' ')}`];
  for (const [lang, fig] of result.figures) {
    lines.push(`${lang.padEnd(4)} ${String(fig.n).padStart(4)}  ${columns.map((m) => cell(fig.metrics[m], 7)).join(' ')}`);
  }
  return lines.join('\n');
}

export function markdownTable(results: SetResult[]): string {
  const columns = columnsOf(results);
  const md = (r: Ratio | undefined) => (r ? `${percent(r).toFixed(1)} %` : '–');
  const lines = [
    `| set | lang | n | ${columns.map((m) => METRIC_LABELS[m]).join(' | ')} |`,
    `|---|---|--:|${columns.map(() => '--:').join('|')}|`,
  ];
  for (const result of results) {
    for (const [lang, fig] of result.figures) {
      const name = lang === 'all' ? `**${lang}**` : lang;
      lines.push(`| ${result.set.id} | ${name} | ${fig.n} | ${columns.map((m) => md(fig.metrics[m])).join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
