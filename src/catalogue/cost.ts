/**
 * What an offer costs, as data: free, or an amount in euros (per semester). Coordinators write it
 * as before ("kostenlos", "für Teilnehmende kostenfrei", "Beispiel: 60 €", "2.900 € pro
 * Semester"); anything longer ("2,29 €/UE bzw. kostenfrei mit Kostenbefreiung") is kept whole as
 * the cost's German note, because half of a rule read as data would say something else.
 */
export interface Cost {
  /** "Beispiel": illustrative, not confirmed with the provider. */
  example: boolean;
  free: boolean;
  /** Euros. */
  amount: number | null;
  per: 'semester' | null;
}

export function emptyCost(): Cost {
  return { example: false, free: false, amount: null, per: null };
}

export function isEmptyCost(c: Cost): boolean {
  return !c.free && c.amount === null;
}

export function readCost(text: string): { cost: Cost; rest: string } {
  let rest = text.trim();
  let example = false;
  const strip = (pattern: RegExp) => {
    const before = rest;
    rest = rest.replace(pattern, '').trim();
    return before !== rest;
  };
  if (strip(/^Beispiel:\s*/i)) example = true;
  if (strip(/\s*\(Beispiel\)$/i)) example = true;
  if (/^(?:für Teilnehmende\s+)?(?:kostenlos|kostenfrei)$/i.test(rest)) return { cost: { example, free: true, amount: null, per: null }, rest: '' };
  const money = /^(\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?)\s*€(\s+pro Semester)?$/.exec(rest);
  if (!money) return { cost: emptyCost(), rest: text.trim() };
  const amount = Number(money[1]!.replace(/\./g, '').replace(',', '.'));
  return { cost: { example, free: false, amount, per: money[2] ? 'semester' : null }, rest: '' };
}

/** The cost in the words `readCost` reads. */
export function writeCost(c: Cost): string {
  if (isEmptyCost(c)) return '';
  const amount = c.amount === null ? '' : `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: Number.isInteger(c.amount) ? 0 : 2 }).format(c.amount)} €`;
  const text = c.free ? 'kostenlos' : `${amount}${c.per === 'semester' ? ' pro Semester' : ''}`;
  return `${c.example ? 'Beispiel: ' : ''}${text}`;
}
