import type { UnansweredGroup } from '../catalogue/unanswered';
import { CATEGORY_IDS, type CategoryId } from '../catalogue/types';
import { LANGUAGES, type Lang } from '../language/languages';
import type { Database } from '../db/database';
import { distanceKm } from '../search/geo';
import type { SearchService } from '../search/searchService';

/** Cells counting fewer events than this are suppressed in every output (k-anonymity). */
export const K_ANONYMITY = 5;
/** "Nearby" for the supply gap: what a newcomer can reach by bus in the district. */
export const NEARBY_KM = 15;

/** A count, or null where fewer than K events would make a person recognisable. */
export type Count = number | null;

export interface DemandReport {
  generatedAt: string;
  period: { from: string | null; to: string | null };
  k: number;
  totals: { events: number; questions: number; unanswered: number; byLanguage: Record<Lang, Count> };
  /** Demand cube: month × category × town × language. */
  demand: { month: string; category: CategoryId; town: string | null; lang: Lang; count: Count }[];
  byCategory: { category: CategoryId; name: string; count: Count }[];
  byTown: { town: string; name: string; count: Count }[];
  byMonth: { month: string; count: Count }[];
  unanswered: { text: string; lang: Lang; count: Count }[];
  handoffs: {
    requested: Count;
    accepted: Count;
    callbacks: Count;
    medianWaitMinutes: number | null;
    outcomes: { outcome: string; count: Count }[];
    feedback: { helpful: Count; notHelpful: Count };
  };
  /** Where newcomers ask for something with few offers nearby; the biggest gaps first. */
  supplyGap: { town: string; townName: string; category: CategoryId; categoryName: string; demand: Count; offersNearby: number; gap: number | null }[];
  suppressedCells: number;
}

interface EventRow {
  month: string;
  lang: string;
  intent: string;
  categories: string;
  town_id: string | null;
  results: number;
  handoff: number;
  feedback: string | null;
}

/**
 * The steering report from the anonymous events, the handoff queue and the catalogue. Every
 * number under K is replaced by null before it leaves this function.
 */
export async function buildDemandReport(
  db: Database,
  search: SearchService,
  unanswered: () => Promise<UnansweredGroup[]>,
  options: { from?: string; to?: string; now?: number } = {},
): Promise<DemandReport> {
  const where: string[] = [];
  const params: string[] = [];
  if (options.from) (where.push('month >= ?'), params.push(options.from.slice(0, 7)));
  if (options.to) (where.push('month <= ?'), params.push(options.to.slice(0, 7)));
  const rows = await db.all<EventRow>(`SELECT month, lang, intent, categories, town_id, results, handoff, feedback FROM demand_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
  let suppressed = 0;
  const k = (n: number): Count => {
    if (n === 0) return 0;
    if (n < K_ANONYMITY) {
      suppressed++;
      return null;
    }
    return n;
  };
  const countBy = <T>(items: T[], key: (t: T) => string | null) => {
    const m = new Map<string, number>();
    for (const it of items) {
      const kk = key(it);
      if (kk !== null) m.set(kk, (m.get(kk) ?? 0) + 1);
    }
    return m;
  };

  const asking = rows.filter((r) => r.intent !== 'feedback' && r.intent !== 'greeting');
  // One row per category an event names: the cube counts demand per topic.
  const perCategory = asking.flatMap((r) => r.categories.split(',').filter(Boolean).map((c) => ({ ...r, category: c as CategoryId })));

  const cube = countBy(perCategory, (r) => `${r.month}|${r.category}|${r.town_id ?? ''}|${r.lang}`);
  const demand = [...cube.entries()]
    .map(([key, n]) => {
      const [month, category, town, lang] = key.split('|') as [string, CategoryId, string, Lang];
      return { month, category, town: town || null, lang, count: k(n) };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.category.localeCompare(b.category) || (a.town ?? '').localeCompare(b.town ?? '') || a.lang.localeCompare(b.lang));

  const categoryName = (id: CategoryId) => search.categories.get(id)?.name.de ?? id;
  const townName = (id: string) => search.towns.get(id)?.name ?? id;
  const byCategoryRaw = countBy(perCategory, (r) => r.category);
  const byCategory = CATEGORY_IDS.map((c) => ({ category: c, name: categoryName(c), count: k(byCategoryRaw.get(c) ?? 0) })).sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  const byTownRaw = countBy(asking, (r) => r.town_id);
  const byTown = [...byTownRaw.entries()].map(([town, n]) => ({ town, name: townName(town), count: k(n) })).sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  const byMonth = [...countBy(asking, (r) => r.month).entries()].sort().map(([month, n]) => ({ month, count: k(n) }));
  const byLangRaw = countBy(asking, (r) => r.lang);
  const byLanguage = Object.fromEntries(LANGUAGES.map((l) => [l, k(byLangRaw.get(l) ?? 0)])) as Record<Lang, Count>;

  // Supply gap: for each town and topic asked there, the active offers within NEARBY_KM.
  const offers = search.activeOffers();
  const gapCells = countBy(perCategory.filter((r) => r.town_id), (r) => `${r.town_id}|${r.category}`);
  const supplyGap = [...gapCells.entries()]
    .map(([key, n]) => {
      const [town, category] = key.split('|') as [string, CategoryId];
      const here = search.towns.get(town);
      const nearby = here
        ? offers.filter((o) => o.categories.includes(category) && (o.mode !== 'onsite' || ((t) => (t ? distanceKm(here, t) <= NEARBY_KM : false))(search.towns.get(o.townId)))).length
        : 0;
      const count = k(n);
      return { town, townName: townName(town), category, categoryName: categoryName(category), demand: count, offersNearby: nearby, gap: count === null ? null : Math.round((count / (nearby + 1)) * 10) / 10 };
    })
    .sort((a, b) => (b.gap ?? -1) - (a.gap ?? -1));

  const groups = await unanswered();
  const handoffRows = await db.all<{ status: string; outcome: string | null; wait: number | null }>(
    `SELECT status, outcome, CASE WHEN accepted_at IS NOT NULL THEN (accepted_at - created_at) / 60000.0 END AS wait FROM handoffs`,
  );
  const waits = handoffRows.map((h) => h.wait).filter((w): w is number => w !== null).sort((a, b) => a - b);
  const outcomes = [...countBy(handoffRows.filter((h) => h.outcome), (h) => h.outcome).entries()].map(([outcome, n]) => ({ outcome, count: k(n) }));
  const feedbackRows = rows.filter((r) => r.intent === 'feedback');

  return {
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    period: { from: options.from ?? rows.map((r) => r.month).sort()[0] ?? null, to: options.to ?? rows.map((r) => r.month).sort().at(-1) ?? null },
    k: K_ANONYMITY,
    totals: { events: asking.length, questions: asking.length, unanswered: asking.filter((r) => r.results === 0 && r.intent !== 'handoff').length, byLanguage },
    demand,
    byCategory,
    byTown,
    byMonth,
    unanswered: groups.slice(0, 20).map((g) => ({ text: g.count >= K_ANONYMITY ? g.texts[0]! : '', lang: g.lang, count: k(g.count) })).filter((g) => g.count !== null),
    handoffs: {
      requested: k(handoffRows.length),
      accepted: k(handoffRows.filter((h) => h.wait !== null).length),
      callbacks: k(handoffRows.filter((h) => h.status === 'callback' || h.outcome === 'callback-done').length),
      medianWaitMinutes: waits.length >= K_ANONYMITY ? Math.round(waits[Math.floor(waits.length / 2)]! * 10) / 10 : null,
      outcomes,
      feedback: { helpful: k(feedbackRows.filter((r) => r.feedback === 'helpful').length), notHelpful: k(feedbackRows.filter((r) => r.feedback === 'not-helpful').length) },
    },
    supplyGap,
    suppressedCells: suppressed,
  };
}
