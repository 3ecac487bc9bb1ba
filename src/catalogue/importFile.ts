import { CatalogueRejected, type CatalogueService, type ImportInput, type ImportResult } from './catalogueService';
import { KINDS, type CatalogueKind, type Problem } from './records';
import { readCost } from './cost';
import { readSchedule } from './schedule';
import { columnOf, parseCsv, parseXlsx, rowToRecord, type ParsedFile } from './tabular';

export type ImportFormat = 'csv' | 'xlsx' | 'json';

/** What a coordinator uploads or passes to the CLI, read into records with their row numbers. */
export async function readImportFile(bytes: Uint8Array, format: ImportFormat, kind?: CatalogueKind): Promise<{ input: ImportInput; problems: Problem[]; warnings: string[] }> {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
    } catch (err) {
      return { input: {}, problems: [{ kind: kind ?? 'offers', row: 0, field: '(Datei)', message: `Die JSON-Datei ist ungültig: ${(err as Error).message}` }], warnings: [] };
    }
    const body = Array.isArray(data) && kind ? { [kind]: data } : data;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return { input: {}, problems: [{ kind: kind ?? 'offers', row: 0, field: '(Datei)', message: 'Erwartet wird { "offers": [...], "providers": [...], "answers": [...] }.' }], warnings: [] };
    }
    const input: ImportInput = {};
    const problems: Problem[] = [];
    for (const [key, list] of Object.entries(body as Record<string, unknown>)) {
      if (!(KINDS as readonly string[]).includes(key)) {
        problems.push({ kind: 'offers', row: 0, field: key, message: `Unbekannter Abschnitt „${key}“ (erlaubt: offers, providers, answers).` });
        continue;
      }
      if (!Array.isArray(list)) {
        problems.push({ kind: key as CatalogueKind, row: 0, field: key, message: `„${key}“ muss eine Liste sein.` });
        continue;
      }
      input[key as CatalogueKind] = list.map((value, i) => ({ row: i + 1, value }));
    }
    return { input, problems, warnings: unreadTimes(input, 'json') };
  }
  const parsed: ParsedFile = format === 'csv' ? parseCsv(bytes, kind) : await parseXlsx(bytes);
  const input: ImportInput = {};
  for (const table of parsed.tables) input[table.kind] = table.rows.map((r) => ({ row: r.row, value: rowToRecord(table.kind, r.values) }));
  return { input, problems: parsed.problems, warnings: [...parsed.warnings, ...unreadTimes(input, format)] };
}

/**
 * Schedules and costs the reader could not (wholly) turn into data: imported all the same, the
 * unread part as the German note, and named by row so a coordinator can check how it reads.
 */
function unreadTimes(input: ImportInput, format: ImportFormat): string[] {
  const where = (row: number) => (format === 'json' ? `Eintrag ${row}` : `Zeile ${row}`);
  const lines: string[] = [];
  for (const { row, value } of input.offers ?? []) {
    const record = value as { schedule?: unknown; cost?: unknown };
    const schedule = typeof record.schedule === 'string' ? readSchedule(record.schedule).rest : '';
    const cost = typeof record.cost === 'string' ? readCost(record.cost).rest : '';
    if (schedule) lines.push(`${where(row)}, schedule: „${schedule.slice(0, 80)}“ ist nicht als Termin lesbar und steht als deutscher Hinweis (scheduleNote_de).`);
    if (cost) lines.push(`${where(row)}, cost: „${cost.slice(0, 80)}“ ist nicht als Betrag lesbar und steht als deutscher Hinweis (costNote_de).`);
  }
  const SHOWN = 20;
  return lines.length > SHOWN ? [...lines.slice(0, SHOWN), `… und ${lines.length - SHOWN} weitere Termine oder Kosten als Hinweis.`] : lines;
}

/** Reads and imports (or only checks) a file; problems name spreadsheet columns, not JSON paths. */
export async function importFile(
  service: CatalogueService,
  bytes: Uint8Array,
  options: {
    format: ImportFormat;
    kind?: CatalogueKind;
    mode: 'upsert' | 'replace';
    dryRun: boolean;
    actor: number | null;
    onProgress?: (done: number, total: number) => void;
    reindex?: boolean;
  },
): Promise<ImportResult & { warnings: string[] }> {
  const { input, problems, warnings } = await readImportFile(bytes, options.format, options.kind);
  const tabular = options.format !== 'json';
  const rename = (p: Problem): Problem => (tabular ? { ...p, field: columnOf(p.kind, p.field) } : p);
  if (problems.length) throw new CatalogueRejected(problems.map(rename));
  if (!KINDS.some((k) => input[k]?.length)) throw new CatalogueRejected([{ kind: options.kind ?? 'offers', row: 0, field: '(Datei)', message: 'Die Datei enthält keine Zeilen.' }]);
  try {
    return { ...(await service.importRecords(input, options)), warnings };
  } catch (err) {
    if (err instanceof CatalogueRejected) throw new CatalogueRejected(err.problems.map(rename));
    throw err;
  }
}
