import { columnLetters, decodeEntities, SheetExtent, TagTooLong } from './sheetExtent';
import { InflateLimitExceeded, inflateEntry, listZipEntries, ZipUnreadable, type ZipEntry } from './zipEntries';

/**
 * What an uploaded XLSX may hold before exceljs sees it. A 10 KB file with a few cells in
 * column XFD made exceljs take a gigabyte and the event loop for seconds; a zip bomb takes
 * memory the same way. The check reads the ZIP directory, then inflates each part piece by
 * piece (measuring, not trusting the sizes it declares) and reads how far each sheet reaches.
 *
 * The limits are far above a real catalogue: the widest sheet (offers) has 33 columns, and
 * 10,000 offers, the largest catalogue the project plans for, make a 1.6 MB XLSX that
 * inflates to 21 MB.
 */
export interface XlsxLimits {
  /** Furthest row of any sheet (the header counts). */
  rows: number;
  /** Furthest column of any sheet. */
  columns: number;
  /** All parts together, inflated: exceljs inflates every part into memory. */
  inflatedBytes: number;
  /** Parts in the ZIP (a workbook has a dozen or two). */
  parts: number;
  /** Parts exceljs reads as a worksheet. */
  sheets: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  rows: 50_000,
  columns: 100,
  inflatedBytes: 100 * 1024 * 1024,
  parts: 1_000,
  sheets: 50,
};

/** Why a workbook is refused, in German for the coordinator; `sheet` when one sheet is the reason. */
export interface XlsxRefusal {
  sheet: string | null;
  message: string;
}

/** The same test exceljs uses to decide that a part is a worksheet (it does not anchor it either). */
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;
const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** Sheet names are read from these two parts only up to here; a real one is a few KB. */
const NAMES_TEXT = 1024 * 1024;

const german = (n: number) => n.toLocaleString('de-DE');
const megabytes = (n: number) => `${german(Math.round(n / 1024 / 1024))} MB`;
const unreadable = (reason: string): XlsxRefusal => ({ sheet: null, message: `Die XLSX-Datei kann nicht gelesen werden: ${reason}` });

/** Refusals for a workbook that must not reach exceljs; empty when it may. */
export async function checkXlsx(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxRefusal[]> {
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes);
  } catch (err) {
    if (err instanceof ZipUnreadable) return [unreadable(err.reason)];
    throw err;
  }
  if (entries.length > limits.parts) {
    return [{ sheet: null, message: `Die XLSX-Datei besteht aus ${german(entries.length)} Teilen; erlaubt sind höchstens ${german(limits.parts)} Teile. Bitte speichern Sie die Tabelle ohne Bilder und Anhänge neu.` }];
  }
  const sheets = entries.filter((e) => WORKSHEET.test(e.name));
  if (sheets.length > limits.sheets) {
    return [{ sheet: null, message: `Die XLSX-Datei hat ${german(sheets.length)} Blätter; erlaubt sind höchstens ${german(limits.sheets)} (gebraucht werden nur offers, providers und answers).` }];
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.inflatedBytes) return [tooBig(limits, `laut Inhaltsverzeichnis ${megabytes(declared)}`)];

  const extents = new Map<ZipEntry, SheetExtent>();
  const texts = new Map<string, string>();
  let budget = limits.inflatedBytes;
  // The two small parts that name the sheets first, so a refusal can name the sheet.
  const naming = (e: ZipEntry) => (e.name === WORKBOOK || e.name === WORKBOOK_RELS ? 0 : 1);
  try {
    for (const entry of [...entries].sort((a, b) => naming(a) - naming(b))) {
      const extent = WORKSHEET.test(entry.name) ? new SheetExtent() : null;
      const keepText = entry.name === WORKBOOK || entry.name === WORKBOOK_RELS;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      budget -= await inflateEntry(bytes, entry, budget, (piece) => {
        extent?.feed(piece);
        if (keepText && keptBytes < NAMES_TEXT) {
          kept.push(Buffer.from(piece));
          keptBytes += piece.length;
        }
      });
      if (extent) extents.set(entry, extent);
      if (keepText) texts.set(entry.name, Buffer.concat(kept).toString('utf8'));
    }
  } catch (err) {
    if (err instanceof InflateLimitExceeded) {
      const sheet = sheetNames(texts.get(WORKBOOK) ?? '', texts.get(WORKBOOK_RELS) ?? '').get(err.entry) ?? null;
      return [{ ...tooBig(limits, sheet ? `beim Blatt „${sheet}“` : `beim Teil „${err.entry}“`), sheet }];
    }
    if (err instanceof ZipUnreadable) return [unreadable(err.reason)];
    if (err instanceof TagTooLong) return [unreadable('ein Blatt enthält eine ungewöhnlich lange XML-Markierung.')];
    throw err;
  }

  const names = sheetNames(texts.get(WORKBOOK) ?? '', texts.get(WORKBOOK_RELS) ?? '');
  const refusals: XlsxRefusal[] = [];
  for (const [entry, extent] of extents) {
    if (extent.rows <= limits.rows && extent.columns <= limits.columns) continue;
    const sheet = names.get(entry.name) ?? entry.name;
    refusals.push({
      sheet,
      message:
        `Das Blatt „${sheet}“ reicht bis Zeile ${german(extent.rows)} und Spalte ${columnLetters(extent.columns)}; ` +
        `erlaubt sind höchstens ${german(limits.rows)} Zeilen und ${german(limits.columns)} Spalten (bis Spalte ${columnLetters(limits.columns)}). ` +
        'Oft sind es leere, aber formatierte Zellen: Bitte löschen Sie die Zeilen unter und die Spalten rechts neben Ihren Daten, oder kopieren Sie nur die genutzten Zellen in eine neue Datei.',
    });
  }
  return refusals;
}

function tooBig(limits: XlsxLimits, where: string): XlsxRefusal {
  return {
    sheet: null,
    message:
      `Die XLSX-Datei ist entpackt größer als ${megabytes(limits.inflatedBytes)} (${where}); mehr ist nicht erlaubt. ` +
      'Ein Katalog mit 10.000 Angeboten braucht etwa 25 MB. Bitte speichern Sie die Tabelle ohne Bilder und ohne leere, aber formatierte Zeilen neu.',
  };
}

/**
 * Part name → the sheet's name as the coordinator sees it on its tab, the way exceljs pairs
 * them: <sheet name r:id> in workbook.xml, the relationship's Target below xl/.
 */
function sheetNames(workbook: string, rels: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const tag of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const names = new Map<string, string>();
  for (const tag of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const target = targets.get(attribute(tag, 'r:id') ?? '');
    if (name && target) names.set(target, name);
  }
  return names;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const raw = match ? (match[1] ?? match[2]) : undefined;
  return raw === undefined ? undefined : decodeEntities(raw);
}
