import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { CatalogueVersion } from '../catalogue/catalogueVersion';
import type { Answer, Category, Provider, Town } from '../catalogue/types';
import type { OfferFacts } from './offerFacts';
import { decodeFacts, encodeFacts, type EncodedFacts } from './factsCodec';

/** The part of the catalogue a saved search carries; towns and categories are read fresh. */
export interface SavedCatalogue {
  providers: Provider[];
  /** What ranking and filters read; the offers themselves stay in the database. */
  offers: OfferFacts[];
  answers: Answer[];
}

/** What a saved search is and where it stands, readable without reading the rest. */
export interface SnapshotHeader {
  /** Everything besides the catalogue that shaped the index (see `searchBuild`). */
  build: string;
  version: CatalogueVersion;
}

export interface IndexSnapshot extends SnapshotHeader {
  catalogue: SavedCatalogue;
  index: unknown;
}

/**
 * Where the search is kept between starts. Reading 10,000 offers from SQLite and building their
 * index takes seconds; reading them back from one file a fraction of that. It is a cache: a
 * missing, foreign, stale or unreadable snapshot only means reading the database and building.
 */
export interface IndexSnapshotStore {
  readHeader(): SnapshotHeader | null;
  read(): Promise<IndexSnapshot | null>;
  write(snapshot: IndexSnapshot): void;
}

const FORMAT = 6;
/** Binary sections start on this boundary, so each is read straight into its typed array. */
const ALIGN = 8;

const ARRAY_TYPES = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;
interface Section {
  type: ArrayType;
  bytes: number;
}

/**
 * The header line first (so a foreign or stale file is refused after reading one line), then
 * typed arrays as raw bytes, then one JSON value per line: providers, answers, the offers' facts
 * (`encodeFacts`) and the index, each array replaced by its section number. Raw bytes are read
 * straight into their arrays: as base64 inside JSON, decoding them was most of a start at
 * 100,000 offers, and as one JSON object per offer the facts were most of the rest.
 */
export class FileSnapshotStore implements IndexSnapshotStore {
  constructor(readonly file: string) {}

  readHeader(): SnapshotHeader | null {
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        return readHeaderLine(fd)?.header ?? null;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Missing or unreadable: the caller builds instead.
      return null;
    }
  }

  async read(): Promise<IndexSnapshot | null> {
    let lines: Generator<string, void> | undefined;
    let fd: number | undefined;
    let reading: Promise<unknown> | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const start = readHeaderLine(fd);
      if (!start) return null;
      const { header } = start;
      let at = align(start.bytes);
      // The arrays (most of the file) are read by the thread pool while this thread parses the
      // JSON lines after them: at 100,000 offers each took about a quarter of a second.
      const sections = header.sections.map(({ type, bytes }) => {
        const array = readSection(fd!, ARRAY_TYPES[type], bytes, at);
        at = align(at + bytes);
        return array;
      });
      reading = Promise.allSettled(sections);
      // Line by line: no string the size of the file.
      lines = readLines(fd, at);
      const next = () => {
        const line = lines!.next();
        if (line.done) throw new Error('snapshot ends early');
        return JSON.parse(line.value) as unknown;
      };
      const providers = next() as Provider[];
      const answers = next() as Answer[];
      const facts = next();
      const index = next();
      const arrays = await Promise.all(sections);
      const offers = decodeFacts(withArrays(facts, arrays) as EncodedFacts);
      return { build: header.build, version: header.version, catalogue: { providers, answers, offers }, index: withArrays(index, arrays) };
    } catch {
      // Damaged (a disk full mid-write on another system, an edit): build instead.
      return null;
    } finally {
      lines?.return();
      // Not closed under a read still running.
      await reading;
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Written beside and renamed over the old one, so a crash mid-write leaves the old snapshot. */
  write(snapshot: IndexSnapshot): void {
    const arrays: ArrayBufferView[] = [];
    // Each typed array becomes a section; the JSON keeps its number in its place.
    const withSections = (value: unknown) =>
      JSON.stringify(value, (_key, inner: unknown) => {
        if (!ArrayBuffer.isView(inner)) return inner;
        const type = inner.constructor.name as ArrayType;
        if (!(type in ARRAY_TYPES)) throw new Error(`cannot save a ${type}`);
        return { $section: arrays.push(inner) - 1 };
      });
    const facts = withSections(encodeFacts(snapshot.catalogue.offers));
    const index = withSections(snapshot.index);
    const sections: Section[] = arrays.map((a) => ({ type: a.constructor.name as ArrayType, bytes: a.byteLength }));
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      let at = 0;
      const bytes = (data: Uint8Array) => {
        at += fs.writeSync(fd, data);
      };
      const pad = () => bytes(new Uint8Array(align(at) - at));
      const line = (json: string) => bytes(Buffer.from(`${json}\n`));
      line(JSON.stringify({ format: FORMAT, build: snapshot.build, version: snapshot.version, sections }));
      for (const a of arrays) {
        pad();
        bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      }
      pad();
      line(JSON.stringify(snapshot.catalogue.providers));
      line(JSON.stringify(snapshot.catalogue.answers));
      line(facts);
      line(index);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.file);
  }
}

const align = (at: number): number => Math.ceil(at / ALIGN) * ALIGN;

/** `bytes` from `position` straight into a new array, in the thread pool. */
function readSection(fd: number, Type: (typeof ARRAY_TYPES)[ArrayType], bytes: number, position: number): Promise<ArrayBufferView> {
  const buffer = new ArrayBuffer(bytes);
  return new Promise((resolve, reject) => {
    fs.read(fd, new Uint8Array(buffer), 0, bytes, position, (err, read) => {
      if (err) reject(err);
      else if (read !== bytes) reject(new Error('snapshot ends early'));
      else resolve(new Type(buffer));
    });
  });
}

type Header = SnapshotHeader & { sections: Section[] };

/** The first line and its length in bytes with the line break; null when it is no header of this format. */
function readHeaderLine(fd: number): { header: Header; bytes: number } | null {
  const chunk = Buffer.alloc(64 * 1024);
  const length = fs.readSync(fd, chunk, 0, chunk.length, 0);
  const end = chunk.subarray(0, length).indexOf(10);
  if (end < 0) return null;
  const header = parseHeader(chunk.subarray(0, end).toString('utf8'));
  return header && { header, bytes: end + 1 };
}

function parseHeader(line: string): Header | null {
  try {
    const h = JSON.parse(line) as Partial<Header> & { format?: number };
    const v = h.version;
    if (h.format !== FORMAT || typeof h.build !== 'string' || !Array.isArray(h.sections)) return null;
    if (!v || typeof v.instance !== 'string' || typeof v.seq !== 'number' || typeof v.at !== 'number') return null;
    const sections = h.sections.map((s: Partial<Section>) => {
      if (!s || typeof s.type !== 'string' || !(s.type in ARRAY_TYPES) || !Number.isInteger(s.bytes) || s.bytes! < 0 || s.bytes! % ARRAY_TYPES[s.type].BYTES_PER_ELEMENT !== 0) {
        throw new Error('bad section');
      }
      return { type: s.type, bytes: s.bytes! };
    });
    return { build: h.build, version: { instance: v.instance, seq: v.seq, at: v.at }, sections };
  } catch {
    return null;
  }
}

/** The saved value with each `{ $section: n }` replaced by that array. */
function withArrays(value: unknown, arrays: readonly ArrayBufferView[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withArrays(v, arrays));
  if (!value || typeof value !== 'object') return value;
  const section = (value as { $section?: unknown }).$section;
  if (typeof section === 'number') {
    const array = arrays[section];
    if (!array) throw new Error('no such section');
    return array;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withArrays(v, arrays)]));
}

/** The file's lines from `position` (JSON escapes line breaks inside strings, so every raw newline ends a value). */
function* readLines(fd: number, position: number): Generator<string, void> {
  const chunk = Buffer.allocUnsafe(1 << 20);
  let pending: Buffer[] = [];
  for (let length = fs.readSync(fd, chunk, 0, chunk.length, position); length > 0; length = fs.readSync(fd, chunk, 0, chunk.length, position)) {
    position += length;
    const data = chunk.subarray(0, length);
    let start = 0;
    for (let end = data.indexOf(10); end >= 0; start = end + 1, end = data.indexOf(10, start)) {
      pending.push(data.subarray(start, end));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      yield line;
    }
    // The rest of the line continues in the next chunk; the chunk is reused, so it is copied.
    if (start < length) pending.push(Buffer.from(data.subarray(start)));
  }
  if (pending.length) yield Buffer.concat(pending).toString('utf8');
}

/**
 * What makes two indexes of the same catalogue the same: the normaliser, the stemmer, the index
 * wrapper, the postings index, the offer search, the facts' codec and the answer matcher (their source), the stop words, and the towns and category
 * names that offers are indexed with. A change to any of them makes a saved index worthless.
 */
export function searchBuild(stopwords: ReadonlySet<string>, towns: readonly Town[], categories: readonly Category[]): string {
  const hash = createHash('sha256');
  hash.update(TOKENIZER_VERSION);
  hash.update([...stopwords].sort().join(' '));
  hash.update(JSON.stringify(towns));
  hash.update(JSON.stringify(categories));
  return hash.digest('hex');
}

const TOKENIZER_VERSION = (() => {
  const hash = createHash('sha256');
  for (const module of ['../text/normalize', '../text/arabicStem', './textIndex', './postingsIndex', './offerSearch', './offerFacts', './factsCodec', './answerMatcher']) {
    hash.update(fs.readFileSync(require.resolve(module)));
  }
  return hash.digest('hex');
})();
