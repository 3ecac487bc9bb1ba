import type ExcelJS from 'exceljs';

/** Loaded on first use: it is the heaviest module of the service and only spreadsheets need it. */
const excel = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS;
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { LANGUAGES } from '../language/languages';
import type { AnswerRecord, CatalogueKind, OfferRecord, Problem, ProviderRecord } from './records';
import { checkXlsx, XLSX_LIMITS } from './xlsxLimits';
import { xlsxReader } from './xlsxThread';
import type { ParsedFile } from './parsedFile';

/**
 * Spreadsheets as coordinators keep them: one row per record, one column per language
 * (`title_de`, `title_uk`...), lists separated by `|`. CSV the way German Excel writes it
 * (`;`, UTF-8 with or without BOM, or Windows-1252), and XLSX with one sheet per kind.
 */
type Field = { column: string; path: string; type: 'text' | 'list' | 'bool' | 'date' | 'nullable' | 'texts' };

const perLanguage = (name: string, type: Field['type'] = 'text'): Field[] => LANGUAGES.map((l) => ({ column: `${name}_${l}`, path: `${name}.${l}`, type }));

export const FIELDS: Record<CatalogueKind, Field[]> = {
  offers: [
    { column: 'id', path: 'id', type: 'text' },
    { column: 'status', path: 'status', type: 'text' },
    { column: 'categories', path: 'categories', type: 'list' },
    { column: 'town', path: 'town', type: 'text' },
    { column: 'providerId', path: 'providerId', type: 'text' },
    ...perLanguage('title'),
    ...perLanguage('summary'),
    { column: 'address', path: 'address', type: 'text' },
    { column: 'schedule', path: 'schedule', type: 'text' },
    ...perLanguage('scheduleNote'),
    { column: 'cost', path: 'cost', type: 'text' },
    ...perLanguage('costNote'),
    { column: 'free', path: 'free', type: 'bool' },
    { column: 'levels', path: 'levels', type: 'list' },
    { column: 'childcare', path: 'childcare', type: 'bool' },
    { column: 'womenOnly', path: 'womenOnly', type: 'bool' },
    { column: 'evening', path: 'evening', type: 'bool' },
    { column: 'mode', path: 'mode', type: 'text' },
    { column: 'instructionLanguages', path: 'instructionLanguages', type: 'list' },
    { column: 'audiences', path: 'audiences', type: 'list' },
    ...perLanguage('targetGroup'),
    ...perLanguage('contact'),
    { column: 'url', path: 'url', type: 'nullable' },
    { column: 'validUntil', path: 'validUntil', type: 'date' },
    { column: 'sample', path: 'sample', type: 'bool' },
    { column: 'source', path: 'source', type: 'text' },
  ],
  providers: [
    { column: 'id', path: 'id', type: 'text' },
    { column: 'name', path: 'name', type: 'text' },
    { column: 'type', path: 'type', type: 'text' },
    { column: 'town', path: 'town', type: 'text' },
    { column: 'address', path: 'address', type: 'text' },
    { column: 'phone', path: 'phone', type: 'nullable' },
    { column: 'email', path: 'email', type: 'nullable' },
    { column: 'website', path: 'website', type: 'nullable' },
    { column: 'counselling', path: 'counselling', type: 'bool' },
    ...perLanguage('description'),
    { column: 'source', path: 'source', type: 'text' },
  ],
  answers: [
    { column: 'id', path: 'id', type: 'text' },
    { column: 'category', path: 'category', type: 'text' },
    ...perLanguage('questions', 'texts'),
    ...perLanguage('answer'),
    { column: 'followUps', path: 'followUps', type: 'list' },
    { column: 'source', path: 'source', type: 'text' },
  ],
};

/**
 * Columns of older exports, read as their successor with a warning: the target group and contact
 * were one German text before they had a column per language.
 */
const OLD_COLUMNS: Partial<Record<CatalogueKind, Record<string, string>>> = {
  offers: { targetGroup: 'targetGroup_de', contact: 'contact_de' },
};

/** Sheet names accepted on import (English ids and the German words people type). */
const SHEET_NAMES: Record<string, CatalogueKind> = { offers: 'offers', angebote: 'offers', providers: 'providers', anbieter: 'providers', answers: 'answers', antworten: 'answers' };

export type { ParsedFile, Table, TableRow } from './parsedFile';

/** UTF-8 (BOM or not) or, if the bytes are not UTF-8, Windows-1252 as older Excel writes it. */
export function decodeText(bytes: Uint8Array): { text: string; warning: string | null } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), warning: null };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(body),
      warning: 'Die Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 gelesen (so speichert Excel „CSV (Trennzeichen-getrennt)“). Bitte prüfen Sie Umlaute in der Vorschau.',
    };
  }
}

/** Which kind a header describes, if the caller did not say. */
export function kindOf(columns: readonly string[]): CatalogueKind | null {
  if (columns.includes('title_de')) return 'offers';
  if (columns.includes('answer_de')) return 'answers';
  if (columns.includes('name')) return 'providers';
  return null;
}

export function parseCsv(bytes: Uint8Array, kindHint?: CatalogueKind): ParsedFile {
  const { text, warning } = decodeText(bytes);
  const warnings = warning ? [warning] : [];
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (err) {
    const kind = kindHint ?? 'offers';
    return { tables: [], problems: [{ kind, row: 0, field: '(Datei)', message: `Die CSV-Datei ist beschädigt: ${(err as Error).message}` }], warnings };
  }
  const [header = [], ...data] = records;
  const table = tableFrom(header.map((h) => h.trim()), data.map((cells, i) => ({ row: i + 2, cells })), kindHint);
  return { ...table, warnings: [...warnings, ...table.warnings] };
}

/** `data` holds only rows with something in them, each with its number in the file. */
function tableFrom(given: string[], data: { row: number; cells: string[] }[], kindHint?: CatalogueKind, sheet?: string): ParsedFile {
  const kind = kindHint ?? kindOf(given);
  const where = sheet ? ` im Blatt „${sheet}“` : '';
  if (!kind) return { tables: [], problems: [{ kind: 'offers', row: 1, field: '(Kopfzeile)', message: `Unbekannte Art von Tabelle${where}: es fehlt eine Spalte title_de (Angebote), name (Anbieter) oder answer_de (Antworten).` }], warnings: [] };
  const warnings: string[] = [];
  const old = OLD_COLUMNS[kind] ?? {};
  const header = given.map((column) => {
    const successor = old[column];
    if (!successor || given.includes(successor)) return column;
    warnings.push(`Die Spalte „${column}“${where} ist veraltet und wurde als „${successor}“ gelesen (deutscher Text). Neue Exporte haben eine Spalte je Sprache.`);
    return successor;
  });
  const known = new Set(FIELDS[kind].map((f) => f.column));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (!column) continue;
    if (!known.has(column)) problems.push({ kind, row: 1, field: column, message: `Unbekannte Spalte „${column}“${where}. Erlaubt sind: ${[...known].join(', ')}.` });
    if (seen.has(column)) problems.push({ kind, row: 1, field: column, message: `Die Spalte „${column}“ kommt zweimal vor.` });
    seen.add(column);
  }
  if (!header.includes('id')) problems.push({ kind, row: 1, field: 'id', message: 'Die Spalte „id“ fehlt.' });
  const rows = data
    .map(({ row, cells }) => ({ row, values: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])) }))
    .filter((r) => Object.values(r.values).some((v) => v.trim() !== ''));
  return { tables: [{ kind, rows }], problems, warnings };
}

/**
 * An uploaded XLSX, read without putting the service at risk: refused before exceljs when it
 * reaches beyond the limits (xlsxLimits.ts), otherwise read by exceljs in a worker thread with
 * its own memory limit and a deadline (xlsxThread.ts), so the event loop stays free.
 */
export async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const refusals = await checkXlsx(bytes);
  if (refusals.length) {
    const problems = refusals.map((r): Problem => ({ kind: (r.sheet && SHEET_NAMES[r.sheet.trim().toLowerCase()]) || 'offers', row: 0, field: '(Datei)', message: r.message }));
    return { tables: [], problems, warnings: [] };
  }
  return xlsxReader.read(bytes);
}

/**
 * What exceljs reads besides cell values is ignored where it can be: a data validation (a
 * drop-down) on a whole column is common and exceljs expands it into a million entries, one
 * per cell. The counts are a second guard behind checkXlsx, which reads positions.
 */
const EXCEL_READ_OPTIONS: Partial<ExcelJS.XlsxReadOptions> & { maxRows: number; maxCols: number } = {
  ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'],
  maxRows: XLSX_LIMITS.rows,
  maxCols: XLSX_LIMITS.columns,
};

/**
 * exceljs in the calling thread. It blocks that thread for as long as the file takes and
 * allocates by cell position, so only the XLSX worker calls it, after checkXlsx.
 */
export async function readXlsxInThisThread(bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, EXCEL_READ_OPTIONS);
  } catch (err) {
    return { tables: [], problems: [{ kind: 'offers', row: 0, field: '(Datei)', message: `Die XLSX-Datei kann nicht gelesen werden: ${(err as Error).message}` }], warnings: [] };
  }
  const out: ParsedFile = { tables: [], problems: [], warnings: [] };
  for (const sheet of workbook.worksheets) {
    const kind = SHEET_NAMES[sheet.name.trim().toLowerCase()];
    // Rows and cells that hold something, not every position up to the last one.
    const rows: { row: number; cells: string[] }[] = [];
    sheet.eachRow((row, n) => {
      const cells: string[] = [];
      row.eachCell((cell, c) => {
        cells[c - 1] = cellText(cell);
      });
      rows.push({ row: n, cells: Array.from(cells, (v) => v ?? '') });
    });
    const header = rows[0]?.row === 1 ? rows.shift()!.cells : [];
    if (!kind) {
      if (header.length) out.warnings.push(`Das Blatt „${sheet.name}“ wurde übersprungen (erwartet: offers, providers, answers).`);
      continue;
    }
    const parsed = tableFrom(header.map((h) => h.trim()), rows, kind, sheet.name);
    out.tables.push(...parsed.tables);
    out.problems.push(...parsed.problems);
    out.warnings.push(...parsed.warnings);
  }
  return out;
}

/** The text of a cell; a formula counts as its cached result and is never evaluated. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      return result instanceof Date ? result.toISOString().slice(0, 10) : result === undefined || result === null ? '' : String(result);
    }
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    return '';
  }
  return String(v);
}

const TRUE = new Set(['ja', 'j', 'yes', 'y', 'true', 'wahr', '1', 'x']);
const FALSE = new Set(['nein', 'n', 'no', 'false', 'falsch', '0', '']);

/** A sheet row as the record the schema checks; cells it cannot read are left as text so the schema names them. */
export function rowToRecord(kind: CatalogueKind, values: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS[kind]) {
    if (!(field.column in values)) continue;
    const raw = unescapeCell(values[field.column] ?? '').trim();
    let value: unknown;
    switch (field.type) {
      case 'text':
        value = raw === '' ? undefined : raw;
        break;
      case 'nullable':
        value = raw === '' ? null : raw;
        break;
      case 'list':
        value = raw === '' ? [] : raw.split(/[|,;]/).map((s) => s.trim()).filter(Boolean);
        break;
      case 'texts':
        value = raw === '' ? undefined : raw.split(/\s*\|\s*|\r?\n/).map((s) => s.trim()).filter(Boolean);
        break;
      case 'bool': {
        const lower = raw.toLowerCase();
        value = TRUE.has(lower) ? true : FALSE.has(lower) ? false : raw;
        break;
      }
      case 'date': {
        const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
        value = raw === '' ? null : german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : raw;
        break;
      }
    }
    if (value === undefined) continue;
    const [head, lang] = field.path.split('.');
    if (lang) ((record[head!] ??= {}) as Record<string, unknown>)[lang] = value;
    else record[head!] = value;
  }
  return record;
}

/** The column a schema path belongs to: `title.de` → `title_de`, `categories.0` → `categories`. */
export function columnOf(kind: CatalogueKind, path: string): string {
  const parts = path.split('.');
  const lang = parts[1] && (LANGUAGES as readonly string[]).includes(parts[1]) ? parts[1] : null;
  const candidate = lang ? `${parts[0]}_${lang}` : parts[0]!;
  return FIELDS[kind].some((f) => f.column === candidate) ? candidate : path;
}

export function recordToRow(kind: CatalogueKind, record: OfferRecord | ProviderRecord | AnswerRecord): Record<string, string> {
  const row: Record<string, string> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const field of FIELDS[kind]) {
    const [head, lang] = field.path.split('.');
    const value = lang ? (source[head!] as Record<string, unknown> | undefined)?.[lang] : source[head!];
    if (value === undefined || value === null) row[field.column] = '';
    else if (Array.isArray(value)) row[field.column] = value.join(field.type === 'texts' ? ' | ' : '|');
    else if (typeof value === 'boolean') row[field.column] = value ? 'ja' : 'nein';
    else row[field.column] = String(value);
  }
  return row;
}

/**
 * Spreadsheet programs run cells that start with = + - @ as formulas (CSV injection); a leading
 * apostrophe makes them text. The importer removes it again, so a round trip changes nothing;
 * a text that itself starts with apostrophes before such a character gets one more, or the
 * importer would take its own apostrophe away.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
function unescapeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

export function toCsv(kind: CatalogueKind, rows: readonly Record<string, string>[]): Buffer {
  const columns = FIELDS[kind].map((f) => f.column);
  const body = stringify(
    rows.map((r) => columns.map((c) => escapeCell(r[c] ?? ''))),
    { header: true, columns, delimiter: ';', record_delimiter: '\r\n' },
  );
  // The BOM makes Excel read UTF-8; without it Umlauts and Cyrillic turn into mojibake.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

export async function toXlsx(sheets: Partial<Record<CatalogueKind, readonly Record<string, string>[]>>): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'Bildungslotse Mittelsachsen';
  for (const kind of ['offers', 'providers', 'answers'] as const) {
    const rows = sheets[kind];
    if (!rows) continue;
    const sheet = workbook.addWorksheet(kind);
    const columns = FIELDS[kind].map((f) => f.column);
    sheet.columns = columns.map((c) => ({ header: c, key: c, width: c.startsWith('summary') || c.startsWith('answer') ? 60 : 22 }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    // Strings stay strings in XLSX (a value starting with "=" is not a formula), but a copy
    // pasted onward would be; the same apostrophe keeps it inert and is removed on import.
    for (const r of rows) sheet.addRow(columns.map((c) => escapeCell(r[c] ?? '')));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
