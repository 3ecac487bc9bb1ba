import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { CatalogueVersion } from '../catalogue/catalogueVersion';
import type { Answer, Category, Provider, Town } from '../catalogue/types';
import type { OfferFacts } from './offerFacts';

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
  read(): IndexSnapshot | null;
  write(snapshot: IndexSnapshot): void;
}

const FORMAT = 4;
const OFFERS_PER_LINE = 1000;

/**
 * One JSON value per line: the header first (so a foreign or stale file is refused after
 * reading one line), then providers, answers, offers in slices, and the index. No single string
 * has to hold the whole file, which at 100,000 offers would not fit in one.
 */
export class FileSnapshotStore implements IndexSnapshotStore {
  constructor(readonly file: string) {}

  readHeader(): SnapshotHeader | null {
    let lines: Generator<string, void> | undefined;
    try {
      lines = readLines(this.file);
      return parseHeader(lines.next().value ?? '');
    } catch {
      // Missing or unreadable: the caller builds instead.
      return null;
    } finally {
      lines?.return();
    }
  }

  read(): IndexSnapshot | null {
    let lines: Generator<string, void> | undefined;
    try {
      // Line by line: at 100,000 offers the file is half a gigabyte, and holding it whole next
      // to what is parsed from it doubled the memory a start needed.
      lines = readLines(this.file);
      const header = parseHeader(lines.next().value ?? '');
      if (!header) return null;
      const next = () => {
        const line = lines!.next();
        if (line.done) throw new Error('snapshot ends early');
        return JSON.parse(line.value) as unknown;
      };
      const providers = next() as Provider[];
      const answers = next() as Answer[];
      const offers: OfferFacts[] = [];
      for (let i = 0; i < header.offerLines; i++) for (const offer of next() as OfferFacts[]) offers.push(offer);
      const index = next();
      return { build: header.build, version: header.version, catalogue: { providers, answers, offers }, index };
    } catch {
      // Damaged (a disk full mid-write on another system, an edit): build instead.
      return null;
    } finally {
      // Closes the file when reading stopped before its end.
      lines?.return();
    }
  }

  /** Written beside and renamed over the old one, so a crash mid-write leaves the old snapshot. */
  write(snapshot: IndexSnapshot): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      const line = (value: unknown) => fs.writeSync(fd, `${JSON.stringify(value)}\n`);
      const { offers } = snapshot.catalogue;
      const offerLines = Math.ceil(offers.length / OFFERS_PER_LINE);
      line({ format: FORMAT, build: snapshot.build, version: snapshot.version, offerLines });
      line(snapshot.catalogue.providers);
      line(snapshot.catalogue.answers);
      for (let i = 0; i < offerLines; i++) line(offers.slice(i * OFFERS_PER_LINE, (i + 1) * OFFERS_PER_LINE));
      line(snapshot.index);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.file);
  }
}

function parseHeader(line: string): (SnapshotHeader & { offerLines: number }) | null {
  try {
    const h = JSON.parse(line) as Partial<SnapshotHeader> & { format?: number; offerLines?: number };
    const v = h.version;
    if (h.format !== FORMAT || typeof h.build !== 'string' || !Number.isInteger(h.offerLines)) return null;
    if (!v || typeof v.instance !== 'string' || typeof v.seq !== 'number' || typeof v.at !== 'number') return null;
    return { build: h.build, version: { instance: v.instance, seq: v.seq, at: v.at }, offerLines: h.offerLines! };
  } catch {
    return null;
  }
}

/** The file's lines (JSON escapes line breaks inside strings, so every raw newline ends a value). */
function* readLines(file: string): Generator<string, void> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let pending: Buffer[] = [];
    for (let length = fs.readSync(fd, chunk); length > 0; length = fs.readSync(fd, chunk)) {
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
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What makes two indexes of the same catalogue the same: the normaliser, the index wrapper, the
 * postings index and the offer search (their source), the stop words, and the towns and category
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
  for (const module of ['../text/normalize', './textIndex', './postingsIndex', './offerSearch', './offerFacts']) {
    hash.update(fs.readFileSync(require.resolve(module)));
  }
  return hash.digest('hex');
})();
