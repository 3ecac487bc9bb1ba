/**
 * The quality gate: minimum figures per set, language and metric (eval/thresholds.json), compared
 * with an evaluation run. A ranking change that costs a few points of top-1 passes every unit
 * test; this is what notices it.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { METRICS, METRIC_LABELS, percent, type EvalRun, type Metric, type SetResult } from './evalCore';

const metricLimits = z.strictObject(Object.fromEntries(METRICS.map((m) => [m, z.number().min(0).max(100).optional()])) as Record<Metric, z.ZodOptional<z.ZodNumber>>);

const thresholdsSchema = z.strictObject({
  /** How the figures were chosen, for whoever raises them next. */
  rule: z.string(),
  measuredOn: z.string(),
  /** set id → language code or `all` → metric → minimum percent. */
  sets: z.record(z.string(), z.record(z.string(), metricLimits)),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export function loadThresholds(file: string): Thresholds {
  const parsed = thresholdsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface Shortfall {
  set: string;
  lang: string;
  metric: Metric;
  minimum: number;
  /** null when the set no longer has questions in that language or no longer measures it. */
  actual: number | null;
  hits: number;
  of: number;
}

export interface GateReport {
  shortfalls: Shortfall[];
  /** Sets that ran but have no thresholds: measured, not gated. */
  ungated: string[];
}

export function checkThresholds(run: EvalRun, thresholds: Thresholds): GateReport {
  const shortfalls: Shortfall[] = [];
  const ungated: string[] = [];
  for (const result of run.results) {
    const limits = thresholds.sets[result.set.id];
    if (!limits) {
      ungated.push(result.set.id);
      continue;
    }
    shortfalls.push(...setShortfalls(result, limits));
  }
  return { shortfalls, ungated };
}

function setShortfalls(result: SetResult, limits: Thresholds['sets'][string]): Shortfall[] {
  const out: Shortfall[] = [];
  for (const [lang, metrics] of Object.entries(limits)) {
    for (const metric of METRICS) {
      const minimum = metrics[metric];
      if (minimum === undefined) continue;
      // A language or metric that disappeared would otherwise pass silently, e.g. a truncated file.
      const ratio = result.figures.get(lang)?.metrics[metric];
      const actual = ratio ? percent(ratio) : null;
      if (actual === null || actual < minimum) {
        out.push({ set: result.set.id, lang, metric, minimum, actual, hits: ratio?.hits ?? 0, of: ratio?.of ?? 0 });
      }
    }
  }
  return out;
}

export function formatShortfall(s: Shortfall): string {
  const actual = s.actual === null ? 'not measured' : `${s.actual.toFixed(1)} % (${s.hits}/${s.of})`;
  return `${s.set} ${s.lang} ${METRIC_LABELS[s.metric]}: ${actual} < ${s.minimum} %`;
}

/** The product's goals (issue 16): once reached, a figure may not fall below them. */
const GOALS: Record<string, Partial<Record<Metric, { language: number; all: number }>>> = {
  answers: { exact: { language: 85, all: 90 } },
};

/**
 * Thresholds from a run: each figure with one more miss, and at least one point lower, rounded
 * down to a whole percent. One question flipping is tolerated (with 12 questions a language that
 * is 8 points); a ranking change that moves several is not.
 */
export function suggestThresholds(run: EvalRun, measuredOn: string): Thresholds {
  const sets: Thresholds['sets'] = {};
  for (const result of run.results) {
    const perLang: Thresholds['sets'][string] = {};
    for (const [lang, fig] of result.figures) {
      const limits: Partial<Record<Metric, number>> = {};
      for (const metric of METRICS) {
        const r = fig.metrics[metric];
        if (!r) continue;
        const oneMoreMiss = (100 * Math.max(0, r.hits - 1)) / r.of;
        const tolerated = Math.max(0, Math.floor(Math.min(percent(r) - 1, oneMoreMiss)));
        // A goal the product has reached is kept, even where the rule would tolerate a miss.
        const goal = GOALS[result.set.id]?.[metric]?.[lang === 'all' ? 'all' : 'language'];
        limits[metric] = goal !== undefined && percent(r) >= goal ? Math.max(tolerated, goal) : tolerated;
      }
      perLang[lang] = limits;
    }
    sets[result.set.id] = perLang;
  }
  return {
    rule: "Today's figure with one more miss and at least 1 point lower, rounded down to a whole percent; raise them when quality rises (npm run eval -- --suggest-thresholds). Exact answers never below the product's goal: 85 % in each language, 90 % overall.",
    measuredOn,
    sets,
  };
}

/** JSON with one line per set and language, so a diff of thresholds.json shows which row moved. */
export function formatThresholds(t: Thresholds): string {
  const sets = Object.entries(t.sets).map(([id, langs]) => {
    const rows = Object.entries(langs).map(([lang, limits]) => `      ${JSON.stringify(lang)}: ${JSON.stringify(limits).replace(/,/g, ', ').replace(/:/g, ': ')}`);
    return `    ${JSON.stringify(id)}: {\n${rows.join(',\n')}\n    }`;
  });
  return `{\n  "rule": ${JSON.stringify(t.rule)},\n  "measuredOn": ${JSON.stringify(t.measuredOn)},\n  "sets": {\n${sets.join(',\n')}\n  }\n}\n`;
}
