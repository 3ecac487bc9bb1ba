import type { CostParts } from '../catalogue/cost';
import type { Lang } from '../language/languages';
import { numberFormat } from '../language/intlCache';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A cost in the newcomer's language: "free", or the amount in euros written the way the language writes money. */
export function formatCost(parts: CostParts, lang: Lang, t: Translate): string {
  const out: string[] = [];
  if (parts.example) out.push(t('schedule.example'));
  if (parts.free) out.push(t('cost.free'));
  if (parts.amount !== null) {
    const amount = numberFormat(lang, { style: 'currency', currency: 'EUR', currencyDisplay: 'narrowSymbol', maximumFractionDigits: Number.isInteger(parts.amount) ? 0 : 2 }).format(parts.amount);
    out.push(parts.perSemester ? t('cost.perSemester', { amount }) : amount);
  }
  return out.join(lang === 'ar' || lang === 'fa' ? '، ' : ', ');
}
