import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Problem } from './records';
import type { ParsedFile } from './parsedFile';

/**
 * exceljs off the event loop: every newcomer's chat runs on that loop, and reading a large or
 * hostile spreadsheet takes seconds of CPU and hundreds of MB. One worker thread reads the files,
 * one at a time, with its own heap limit and a deadline; a worker that runs out of either is
 * terminated and the coordinator gets a problem instead of the service getting a crash.
 *
 * The worker stays warm between files (starting one and loading exceljs into it costs about half
 * a second) and is ended after a while without work, so its memory goes back.
 */
export interface XlsxThreadLimits {
  /** How long one file may take, starting the worker included. */
  timeoutMs: number;
  /** The worker's old-generation heap: 10,000 offers (21 MB inflated) fail at 128 MB and read at 192. */
  maxHeapMb: number;
  /** How long an idle worker is kept for the next file. */
  idleMs: number;
}

export const XLSX_THREAD_LIMITS: XlsxThreadLimits = { timeoutMs: 20_000, maxHeapMb: 256, idleMs: 30_000 };

export interface XlsxRequest {
  id: number;
  bytes: Uint8Array;
}
export type XlsxReply = { id: number; parsed: ParsedFile } | { id: number; failed: string };

/**
 * The worker's entry next to this file: xlsxWorker.js once compiled to dist/, xlsxWorker.ts when
 * run through tsx (tests, `npm run dev`). A worker does not inherit tsx's hooks, so for .ts it
 * starts from a line that registers tsx first.
 */
function startWorker(limits: XlsxThreadLimits): Worker {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `xlsxWorker${extension}`);
  const options = { resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb }, execArgv: [] as string[] };
  if (extension !== '.ts') return new Worker(entry, options);
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { ...options, eval: true });
}

const tooBig = (why: string): ParsedFile => ({
  tables: [],
  problems: [{ kind: 'offers', row: 0, field: '(Datei)', message: `Die Datei ist zu groß oder beschädigt: ${why} Bitte speichern Sie nur die genutzten Zellen in einer neuen Datei oder teilen Sie den Katalog auf mehrere Dateien auf.` } satisfies Problem],
  warnings: [],
});

export class XlsxThread {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly limits: XlsxThreadLimits = XLSX_THREAD_LIMITS) {}

  /** The parsed file, or a problem saying it was too big or broken. Files wait their turn. */
  read(bytes: Uint8Array): Promise<ParsedFile> {
    const result = this.queue.then(() => this.readNow(bytes));
    // A worker that cannot even start (a broken install) fails this file, not every later one.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker (tests; the service leaves an idle worker unreferenced instead). */
  async close(): Promise<void> {
    await this.queue;
    if (this.worker) await this.retire(this.worker);
  }

  private readNow(bytes: Uint8Array): Promise<ParsedFile> {
    clearTimeout(this.idle);
    const worker = (this.worker ??= this.spawn());
    // Referenced while it works, so a CLI import does not exit half-way; unreferenced when idle.
    worker.ref();
    const id = this.nextId++;
    return new Promise<ParsedFile>((resolve) => {
      let finished = false;
      const finish = (parsed: ParsedFile, healthy: boolean) => {
        if (finished) return;
        finished = true;
        clearTimeout(deadline);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (healthy) {
          worker.unref();
          this.idle = setTimeout(() => void this.retire(worker), this.limits.idleMs).unref();
        } else {
          void this.retire(worker);
        }
        resolve(parsed);
      };
      const onMessage = (reply: XlsxReply) => {
        if (reply.id !== id) return;
        if ('parsed' in reply) finish(reply.parsed, true);
        else finish(tooBig(`das Lesen ist fehlgeschlagen (${reply.failed}).`), false);
      };
      const onError = (err: Error & { code?: string }) =>
        finish(tooBig(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `das Lesen brauchte mehr als ${this.limits.maxHeapMb} MB Speicher und wurde abgebrochen.` : `das Lesen ist abgebrochen (${err.message}).`), false);
      const onExit = () => finish(tooBig('das Lesen ist abgebrochen.'), false);
      const deadline = setTimeout(() => finish(tooBig(`das Lesen dauerte länger als ${(this.limits.timeoutMs / 1000).toLocaleString('de-DE')} Sekunden und wurde abgebrochen.`), false), this.limits.timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // A copy of just these bytes, handed over rather than cloned again (a Buffer may be a
      // view into a larger pool, and cloning a view copies all of it).
      const copy = Uint8Array.prototype.slice.call(bytes);
      worker.postMessage({ id, bytes: copy } satisfies XlsxRequest, [copy.buffer]);
    });
  }

  private spawn(): Worker {
    const worker = startWorker(this.limits);
    // Between files nobody listens; an error then must not become an uncaught 'error' event.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    return worker;
  }

  private async retire(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = null;
    await worker.terminate();
  }
}

/** The service's one reader of uploaded spreadsheets. */
export const xlsxReader = new XlsxThread();
