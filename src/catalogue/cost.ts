/**
 * A cost as coordinators write it, when all of it can be said in any language: "kostenlos",
 * "für Teilnehmende kostenfrei", "Beispiel: 60 €", "2.900 € pro Semester". Anything longer
 * ("2,29 €/UE bzw. kostenfrei mit Kostenbefreiung") returns null and is shown as written.
 */
export interface CostParts {
  free: boolean;
  /** Euros. */
  amount: number | null;
  perSemester: boolean;
  /** "Beispiel": illustrative, not confirmed with the provider. */
  example: boolean;
}

export function readCost(text: string): CostParts | null {
  let rest = text.trim();
  let example = false;
  const strip = (pattern: RegExp) => {
    const before = rest;
    rest = rest.replace(pattern, '').trim();
    return before !== rest;
  };
  if (strip(/^Beispiel:\s*/i)) example = true;
  if (strip(/\s*\(Beispiel\)$/i)) example = true;
  if (/^(?:für Teilnehmende\s+)?(?:kostenlos|kostenfrei)$/i.test(rest)) return { free: true, amount: null, perSemester: false, example };
  const money = /^(\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?)\s*€(\s+pro Semester)?$/.exec(rest);
  if (!money) return null;
  const amount = Number(money[1]!.replace(/\./g, '').replace(',', '.'));
  return { free: false, amount, perSemester: !!money[2], example };
}
