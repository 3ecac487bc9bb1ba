import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** A saved search index and what it was built from. */
export interface IndexSnapshot {
  /** Hash of the indexed documents and of everything that turns them into terms. */
  fingerprint: string;
  index: unknown;
}

/**
 * Where the offer index is kept between starts. Building the index tokenises every offer in
 * six languages (about five seconds at 10,000 offers); loading a saved one takes a fraction of
 * that. It is a cache: a missing, stale or unreadable snapshot only means building again.
 */
export interface IndexSnapshotStore {
  read(): IndexSnapshot | null;
  write(snapshot: IndexSnapshot): void;
}

export class FileSnapshotStore implements IndexSnapshotStore {
  constructor(readonly file: string) {}

  read(): IndexSnapshot | null {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<IndexSnapshot>;
      return typeof parsed.fingerprint === 'string' && parsed.index ? (parsed as IndexSnapshot) : null;
    } catch {
      // Missing or damaged: the caller builds the index instead.
      return null;
    }
  }

  /** Written beside and renamed over the old one, so a crash mid-write leaves the old snapshot. */
  write(snapshot: IndexSnapshot): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(snapshot));
    fs.renameSync(temporary, this.file);
  }
}

/**
 * What makes two indexes the same: the documents (in id order, so the order the catalogue was
 * read in does not matter), the stop words, the source of the normaliser, the index wrapper and minisearch.
 * A change to any of them makes a saved index worthless.
 */
export function indexFingerprint(documents: readonly ({ id: string } & Record<string, string>)[], stopwords: ReadonlySet<string>): string {
  const hash = createHash('sha256');
  hash.update(TOKENIZER_VERSION);
  hash.update([...stopwords].sort().join(' '));
  const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const doc of sorted) hash.update(`\u0000${JSON.stringify(doc)}`);
  return hash.digest('hex');
}

const TOKENIZER_VERSION = (() => {
  const hash = createHash('sha256');
  for (const module of ['../text/normalize', './textIndex', 'minisearch']) {
    hash.update(fs.readFileSync(require.resolve(module)));
  }
  return hash.digest('hex');
})();
