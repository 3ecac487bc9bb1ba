import zlib from 'node:zlib';

/**
 * Spreadsheets written byte by byte, so a test can make one a real spreadsheet program would
 * never write: a cell in column XFD, a part that inflates to gigabytes, sizes that lie.
 */
export interface ZipPart {
  name: string;
  data: Buffer;
  /** Already deflated bytes for `data` (a bomb is deflated in pieces, never held inflated). */
  deflated?: Buffer;
  /** What the directory claims the part inflates to; the truth when left out. */
  declaredSize?: number;
}

export function zip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const body = part.deflated ?? zlib.deflateRawSync(part.data);
    const size = part.declaredSize ?? part.data.length;
    const crc = part.deflated ? 0 : zlib.crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `size` bytes of one repeated character, deflated in pieces so the test never holds them inflated. */
export async function deflatedRun(size: number, fill = ' '): Promise<Buffer> {
  const piece = Buffer.alloc(1024 * 1024, fill);
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (let left = size; left > 0; left -= piece.length) {
    if (!deflate.write(left >= piece.length ? piece : piece.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

export type Cells = Record<string, string>;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rowOf = (ref: string) => Number(/\d+$/.exec(ref)![0]);

/** The `<worksheet>` of some cells (`{ A1: 'id', XFD5: 'x' }`), inline strings, rows in order. */
export function sheetXml(cells: Cells, dimension?: string): string {
  const rows = new Map<number, string[]>();
  for (const [ref, text] of Object.entries(cells)) {
    const list = rows.get(rowOf(ref)) ?? [];
    list.push(`<c r="${ref}" t="inlineStr"><is><t>${escape(text)}</t></is></c>`);
    rows.set(rowOf(ref), list);
  }
  const body = [...rows.entries()].sort(([a], [b]) => a - b).map(([n, c]) => `<row r="${n}">${c.join('')}</row>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    (dimension ? `<dimension ref="${dimension}"/>` : '') +
    `<sheetData>${body}</sheetData></worksheet>`
  );
}

/** A sheet as its `<worksheet>` document, or as packed bytes (a bomb) with the size they claim. */
export type Sheet = { name: string; xml: string } | { name: string; deflated: Buffer; declaredSize: number };

/** A workbook of the given sheets, named on their tabs, plus any extra parts. */
export function workbook(sheets: readonly Sheet[], extra: readonly ZipPart[] = []): Buffer {
  const text = (name: string, xml: string): ZipPart => ({ name, data: Buffer.from(xml, 'utf8') });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip([
    text(
      '[Content_Types].xml',
      `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    ),
    text('_rels/.rels', `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    text(
      'xl/workbook.xml',
      `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets>${sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    text(
      'xl/_rels/workbook.xml.rels',
      `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
    ...sheets.map((s, i) => ('xml' in s ? text(`xl/worksheets/sheet${i + 1}.xml`, s.xml) : { name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.alloc(0), deflated: s.deflated, declaredSize: s.declaredSize })),
    ...extra,
  ]);
}
