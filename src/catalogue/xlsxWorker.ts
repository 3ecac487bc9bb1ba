import { parentPort } from 'node:worker_threads';
import { readXlsxInThisThread } from './tabular';
import type { XlsxReply, XlsxRequest } from './xlsxThread';

/**
 * The worker thread's entry (started by xlsxThread.ts): reads one XLSX at a time with exceljs,
 * inside the memory limit its parent gave it, and answers with the parsed tables.
 */
const port = parentPort;
if (!port) throw new Error('xlsxWorker runs only as a worker thread (see xlsxThread.ts)');

port.on('message', async ({ id, bytes }: XlsxRequest) => {
  let reply: XlsxReply;
  try {
    reply = { id, parsed: await readXlsxInThisThread(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (err) {
    reply = { id, failed: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(reply);
});
