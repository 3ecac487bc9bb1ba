/**
 * What an offer costs, as data: free, or an amount in euros (per semester, per teaching unit),
 * and whether a fee waiver makes it free. Coordinators write it as before ("kostenlos", "für
 * Teilnehmende kostenfrei", "Beispiel: 60 €", "2.900 € pro Semester", "2,29 €/UE bzw. kostenfrei
 * mit Kostenbefreiung"); remarks in brackets and after a semicolon become the cost's note. A
 * text that does not start with the cost itself ("Elternbeitrag laut Gemeindesatzung",
 * "kostenlos bzw. 2,32 €/UE für Beschäftigte …") is kept whole as the note, because half of a
 * rule read as data would say something else.
 */
export interface Cost {
  /** "Beispiel": illustrative, not confirmed with the provider. */
  example: boolean;
  free: boolean;
  /** Euros. */
  amount: number | null;
  /** What the amount is for: a semester, or one teaching unit (UE, 45 minutes); null for the whole offer. */
  per: 'semester' | 'lesson' | null;
  /** Free with a fee waiver (Kostenbefreiung), e.g. for people on Bürgergeld. */
  waiver: boolean;
}

export function emptyCost(): Cost {
  return { example: false, free: false, amount: null, per: null, waiver: false };
}

export function isEmptyCost(c: Cost): boolean {
  return !c.free && c.amount === null;
}

const AMOUNT = String.raw`(\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?)\s*€(\s+pro Semester|\s*\/\s*UE)?`;
const WAIVER = String.raw`bzw\.\s+kostenfrei mit (?:Kosten)?befreiung`;

export function readCost(text: string): { cost: Cost; rest: string } {
  let body = text.trim();
  let example = false;
  const strip = (pattern: RegExp) => {
    const before = body;
    body = body.replace(pattern, '').trim();
    return before !== body;
  };
  if (strip(/^Beispiel:\s*/i)) example = true;
  if (strip(/\s*\(Beispiel\)$/i)) example = true;
  if (/^(?:für Teilnehmende\s+)?(?:kostenlos|kostenfrei)$/i.test(body)) return { cost: { ...emptyCost(), example, free: true }, rest: '' };
  // The amount first, then what it is per, then remarks: "(229 € je 100-UE-Abschnitt)", "; 250 € Registrierungsgebühr".
  const money = new RegExp(`^${AMOUNT}((?:\\s*\\([^()]*\\))*)(?:\\s+(${WAIVER}))?((?:\\s*\\([^()]*\\))*)(?:\\s*;\\s*(.+))?$`, 'i').exec(body);
  if (!money) return { cost: emptyCost(), rest: text.trim() };
  const amount = Number(money[1]!.replace(/\./g, '').replace(',', '.'));
  const per = !money[2] ? null : /semester/i.test(money[2]) ? 'semester' : 'lesson';
  const remarks = [money[3], money[5]].map((r) => (r ?? '').trim()).filter(Boolean).join(' ');
  const rest = [remarks, (money[6] ?? '').trim()].filter(Boolean).join('; ');
  return { cost: { example, free: false, amount, per, waiver: !!money[4] }, rest };
}

/** The cost in the words `readCost` reads. */
export function writeCost(c: Cost): string {
  if (isEmptyCost(c)) return '';
  const amount = c.amount === null ? '' : `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: Number.isInteger(c.amount) ? 0 : 2 }).format(c.amount)} €`;
  const per = c.per === 'semester' ? ' pro Semester' : c.per === 'lesson' ? '/UE' : '';
  const text = c.free ? 'kostenlos' : `${amount}${per}${c.waiver ? ' bzw. kostenfrei mit Kostenbefreiung' : ''}`;
  return `${c.example ? 'Beispiel: ' : ''}${text}`;
}
