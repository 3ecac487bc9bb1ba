import zlib from 'node:zlib';

/**
 * The parts of a ZIP (an XLSX is one) read from its central directory, without inflating
 * anything: enough to refuse a bomb before a library unpacks it. Sizes in the directory are
 * what the sender claims; `inflateEntry` measures what a part really inflates to.
 */
export interface ZipEntry {
  /** As stored, without the leading "/" some writers add (exceljs drops it too). */
  name: string;
  method: number;
  compressedSize: number;
  /** Declared, not trusted. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The bytes are not a ZIP this reader accepts; `reason` is German, for the coordinator. */
export class ZipUnreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** More bytes came out of a part than the caller allowed; inflating stopped there. */
export class InflateLimitExceeded extends Error {
  constructor(readonly entry: string, readonly limit: number) {
    super(`${entry} inflates to more than ${limit} bytes`);
  }
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  // ZIP64 exists for parts over 4 GB; a catalogue never needs it, and not reading it keeps this small.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipUnreadable('Die Datei verwendet das ZIP64-Format; bitte speichern Sie sie in Excel oder LibreOffice neu als XLSX.');
  if (offset + size > end) throw new ZipUnreadable('Das Inhaltsverzeichnis der ZIP-Datei ist beschädigt.');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new ZipUnreadable('Das Inhaltsverzeichnis der ZIP-Datei ist beschädigt.');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) throw new ZipUnreadable('Das Inhaltsverzeichnis der ZIP-Datei ist beschädigt.');
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1').replace(/^\//, '');
    if (flags & 0x1) throw new ZipUnreadable('Die Datei ist verschlüsselt (mit Kennwort geschützt); bitte ohne Kennwort speichern.');
    if (method !== STORED && method !== DEFLATED) throw new ZipUnreadable(`Der Teil „${name}“ ist mit einem unbekannten Verfahren gepackt.`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) throw new ZipUnreadable('Die Datei verwendet das ZIP64-Format; bitte speichern Sie sie in Excel oder LibreOffice neu als XLSX.');
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The last end-of-directory record, as JSZip (which exceljs uses) picks it. */
function findEndOfDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      if (view.getUint16(at + 4, true) !== 0 || view.getUint16(at + 6, true) !== 0) throw new ZipUnreadable('Die ZIP-Datei ist auf mehrere Teile verteilt.');
      return at;
    }
  }
  throw new ZipUnreadable('Die Datei ist keine XLSX-Datei (kein ZIP-Inhaltsverzeichnis gefunden).');
}

/** The packed bytes of a part, located through its local header. */
function compressedBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) throw new ZipUnreadable(`Der Teil „${entry.name}“ der ZIP-Datei ist beschädigt.`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw new ZipUnreadable(`Der Teil „${entry.name}“ der ZIP-Datei ist abgeschnitten.`);
  return bytes.subarray(start, start + entry.compressedSize);
}

const CHUNK = 64 * 1024;

/**
 * Inflates one part piece by piece, handing each piece to `onChunk` and keeping none, and
 * stops as soon as more than `limit` bytes came out. Inflating runs on libuv's thread pool,
 * so the event loop only sees one piece at a time. Resolves to the bytes produced.
 */
export async function inflateEntry(bytes: Uint8Array, entry: ZipEntry, limit: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  const packed = compressedBytes(bytes, entry);
  let total = 0;
  const take = (chunk: Buffer) => {
    total += chunk.length;
    if (total > limit) throw new InflateLimitExceeded(entry.name, limit);
    onChunk(chunk);
  };
  if (entry.method === STORED) {
    for (let at = 0; at < packed.length; at += CHUNK) {
      take(Buffer.from(packed.buffer, packed.byteOffset + at, Math.min(CHUNK, packed.length - at)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return total;
  }
  const inflate = zlib.createInflateRaw({ chunkSize: CHUNK });
  inflate.end(packed);
  const pieces: AsyncIterator<Buffer> = inflate[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await pieces.next();
      } catch (err) {
        throw new ZipUnreadable(`Der Teil „${entry.name}“ der ZIP-Datei ist beschädigt (${(err as Error).message}).`);
      }
      if (next.done) return total;
      // What the caller's onChunk throws reaches the caller unchanged.
      take(next.value);
    }
  } finally {
    inflate.destroy();
  }
}
