import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { CatalogueVersion } from '../catalogue/catalogueVersion';
import type { Answer, Category, Offer, Provider, Town } from '../catalogue/types';

/** The part of the catalogue a saved search carries; towns and categories are read fresh. */
export interface SavedCatalogue {
  providers: Provider[];
  offers: Offer[];
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
  read(): IndexSnapshot | null;
  write(snapshot: IndexSnapshot): void;
}

const FORMAT = 2;
const OFFERS_PER_LINE = 1000;

/**
 * One JSON value per line: the header first (so a foreign or stale file is refused after
 * reading one line), then providers, answers, offers in slices, and the index. No single string
 * has to hold the whole file, which at 100,000 offers would not fit in one.
 */
export class FileSnapshotStore implements IndexSnapshotStore {
  constructor(readonly file: string) {}

  readHeader(): SnapshotHeader | null {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const buffer = Buffer.alloc(4096);
      const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
      const end = buffer.subarray(0, length).indexOf(10);
      return end < 0 ? null : parseHeader(buffer.toString('utf8', 0, end));
    } catch {
      // Missing or unreadable: the caller builds instead.
      return null;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  read(): IndexSnapshot | null {
    try {
      const lines = splitLines(fs.readFileSync(this.file));
      const header = parseHeader(lines[0] ?? '');
      if (!header || lines.length < 4) return null;
      const offers: Offer[] = [];
      for (const line of lines.slice(3, -1)) offers.push(...(JSON.parse(line) as Offer[]));
      return {
        ...header,
        catalogue: { providers: JSON.parse(lines[1]!) as Provider[], answers: JSON.parse(lines[2]!) as Answer[], offers },
        index: JSON.parse(lines.at(-1)!),
      };
    } catch {
      // Damaged (a disk full mid-write on another system, an edit): build instead.
      return null;
    }
  }

  /** Written beside and renamed over the old one, so a crash mid-write leaves the old snapshot. */
  write(snapshot: IndexSnapshot): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      const line = (value: unknown) => fs.writeSync(fd, `${JSON.stringify(value)}\n`);
      line({ format: FORMAT, build: snapshot.build, version: snapshot.version });
      line(snapshot.catalogue.providers);
      line(snapshot.catalogue.answers);
      const { offers } = snapshot.catalogue;
      for (let start = 0; start < offers.length || start === 0; start += OFFERS_PER_LINE) line(offers.slice(start, start + OFFERS_PER_LINE));
      line(snapshot.index);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.file);
  }
}

function parseHeader(line: string): SnapshotHeader | null {
  try {
    const h = JSON.parse(line) as Partial<SnapshotHeader> & { format?: number };
    const v = h.version;
    if (h.format !== FORMAT || typeof h.build !== 'string' || !v || typeof v.instance !== 'string' || typeof v.seq !== 'number' || typeof v.at !== 'number') return null;
    return { build: h.build, version: { instance: v.instance, seq: v.seq, at: v.at } };
  } catch {
    return null;
  }
}

function splitLines(buffer: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  // JSON escapes line breaks inside strings, so every raw newline ends a value.
  for (let end = buffer.indexOf(10); end >= 0; start = end + 1, end = buffer.indexOf(10, start)) lines.push(buffer.toString('utf8', start, end));
  return lines;
}

/**
 * What makes two indexes of the same catalogue the same: the normaliser, the index wrapper and
 * minisearch (their source), the stop words, and the towns and category names that offers are
 * indexed with. A change to any of them makes a saved index worthless.
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
  for (const module of ['../text/normalize', './textIndex', './offerSearch', 'minisearch']) {
    hash.update(fs.readFileSync(require.resolve(module)));
  }
  return hash.digest('hex');
})();
