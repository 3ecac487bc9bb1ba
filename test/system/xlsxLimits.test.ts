import assert from 'node:assert/strict';
import { readImportFile } from '../../src/catalogue/importFile';
import { parseCsv, parseXlsx, toXlsx } from '../../src/catalogue/tabular';
import { XlsxThread } from '../../src/catalogue/xlsxThread';
import { bigOffersCsv } from '../helpers/bigCatalogue';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';
import { deflatedRun, sheetXml, workbook, type Cells } from '../helpers/xlsxFiles';

const PASSWORD = 'correct horse battery staple';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;

/** A correct offers sheet (header and two offers) that a hostile file then adds to. */
function offers(extra: Cells = {}): Cells {
  const cells: Cells = { A1: 'id', B1: 'status', C1: 'categories', D1: 'town', E1: 'providerId', F1: 'title_de' };
  for (const n of [2, 3]) Object.assign(cells, { [`A${n}`]: `xfd-${n}`, [`B${n}`]: 'active', [`C${n}`]: 'german-course', [`D${n}`]: 'freiberg', [`E${n}`]: 'p-vhs-dl', [`F${n}`]: `Kurs ${n}` });
  return { ...cells, ...extra };
}

/**
 * The most memory the process held while `work` ran, sampled between turns of the event loop
 * and once after: a parse that takes a gigabyte shows here even if it blocks the sampler.
 */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

// How far a sheet reaches (SheetExtent alone) is tested in test/unit/sheetExtent.test.ts.
describe('hostile and broken XLSX files', function () {
  this.timeout(60_000);
  let running: RunningApp;
  let token: string;
  const url = (path: string) => running.baseUrl + path;
  const upload = async (bytes: Buffer, query = 'format=xlsx&dryRun=1') => {
    const res = await fetch(url(`/api/catalogue/import?${query}`), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': XLSX }, body: bytes });
    return { status: res.status, body: (await res.json()) as any };
  };
  const messages = (body: any): string => (body?.error?.rows ?? []).map((r: { message: string }) => r.message).join('\n');

  before(async () => {
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    token = (await postJson(url('/api/auth/login'), { username: 'koord', password: PASSWORD })).body.token;
  });
  after(async () => running?.app.stop());

  it('refuses a sheet with a few cells in column XFD on a dry run, naming the sheet and the limit, while the service keeps answering and its memory stays', async () => {
    // One cell in column XFD in each of 100 rows: 3 KB that made exceljs create 1.6 million cells.
    const xfd: Cells = {};
    for (let n = 2; n <= 101; n++) xfd[`XFD${n}`] = 'x';
    const hostile = workbook([{ name: 'offers', xml: sheetXml(offers(xfd)) }]);
    assert.ok(hostile.length < 10 * 1024);
    const { result, growthMb } = await rssGrowth(() => Promise.all([upload(hostile), fetch(url('/healthz')).then((r) => r.status)]));
    const [refused, health] = result;
    assert.equal(health, 200);
    assert.ok(growthMb < 200, `RSS grew by ${growthMb.toFixed(0)} MB`);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(messages(refused.body), /Blatt „offers“ reicht bis Zeile 101 und Spalte XFD; erlaubt sind höchstens 50\.000 Zeilen und 100 Spalten \(bis Spalte CV\)/);
    assert.equal(refused.body.error.rows[0].field, '(Datei)');
  });

  it('refuses a single cell at XFD1048576, naming rows and columns allowed', async () => {
    const hostile = workbook([{ name: 'Angebote', xml: sheetXml(offers({ XFD1048576: 'x' })) }]);
    const { result, growthMb } = await rssGrowth(() => readImportFile(hostile, 'xlsx'));
    assert.ok(growthMb < 200, `RSS grew by ${growthMb.toFixed(0)} MB`);
    assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
    assert.deepEqual({ ...result.problems[0], message: undefined }, { kind: 'offers', row: 0, field: '(Datei)', message: undefined });
    assert.match(result.problems[0]!.message, /Blatt „Angebote“ reicht bis Zeile 1\.048\.576 und Spalte XFD; erlaubt sind höchstens 50\.000 Zeilen und 100 Spalten/);
  });

  it('refuses rows far down even when they hold no cell (formatted, empty rows)', async () => {
    const xml = sheetXml(offers()).replace('</sheetData>', '<row r="900000" ht="30" customHeight="1"/></sheetData>');
    const { problems } = await readImportFile(workbook([{ name: 'offers', xml }]), 'xlsx');
    assert.match(problems.map((p) => p.message).join('\n'), /reicht bis Zeile 900\.000/);
  });

  it('refuses merged ranges beyond the limits (they are expanded cell by cell)', async () => {
    const xml = sheetXml(offers()).replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A4:XFD4"/></mergeCells>');
    const { problems } = await readImportFile(workbook([{ name: 'offers', xml }]), 'xlsx');
    assert.match(problems.map((p) => p.message).join('\n'), /Spalte XFD/);
  });

  it('refuses a zip bomb by its declared size and one whose directory lies about it by what it inflates to', async () => {
    const size = 150 * MB;
    const deflated = await deflatedRun(size);
    assert.ok(deflated.length < 400 * 1024);
    const sheet = { name: 'offers', xml: sheetXml(offers()) };
    for (const declaredSize of [size, 1000]) {
      const bomb = workbook([sheet], [{ name: 'xl/media/image1.png', data: Buffer.alloc(0), deflated, declaredSize }]);
      const { result, growthMb } = await rssGrowth(() => upload(bomb));
      assert.equal(result.status, 422, JSON.stringify(result.body));
      assert.match(messages(result.body), /entpackt größer als 100 MB/);
      assert.ok(growthMb < 200, `RSS grew by ${growthMb.toFixed(0)} MB`);
    }
  });

  it('refuses a sheet whose XML alone is too big, naming the sheet', async () => {
    const deflated = await deflatedRun(120 * MB);
    const bomb = workbook([{ name: 'offers', xml: sheetXml(offers()) }, { name: 'Anbieter', deflated, declaredSize: 1000 }]);
    const { problems } = await readImportFile(bomb, 'xlsx');
    assert.match(problems.map((p) => p.message).join('\n'), /entpackt größer als 100 MB \(beim Blatt „Anbieter“\)/);
    assert.equal(problems[0]!.kind, 'providers');
  });

  it('refuses what is not a spreadsheet or too many parts, without an exception', async () => {
    const notZip = await readImportFile(Buffer.from('PK\u0003\u0004 kaputt'), 'xlsx');
    assert.match(notZip.problems[0]!.message, /XLSX-Datei kann nicht gelesen werden/);
    const many = workbook([{ name: 'offers', xml: sheetXml(offers()) }], Array.from({ length: 1001 }, (_, i) => ({ name: `xl/media/x${i}.bin`, data: Buffer.from('x') })));
    const { problems } = await readImportFile(many, 'xlsx');
    assert.match(problems[0]!.message, /höchstens 1\.000 Teile/);
    const endless = workbook([{ name: 'offers', xml: sheetXml(offers()).replace('<sheetData>', `<sheetData><row r="1"${' '.repeat(200_000)}`) }]);
    assert.match((await readImportFile(endless, 'xlsx')).problems[0]!.message, /ungewöhnlich lange XML-Markierung/);
  });

  it('turns a worker that runs out of memory or time into a problem, and the next file is read again', async () => {
    const rows = parseCsv(bigOffersCsv(500, 'mem'), 'offers').tables[0]!.rows.map((r) => r.values);
    const file = await toXlsx({ offers: rows });
    const starved = new XlsxThread({ timeoutMs: 20_000, maxHeapMb: 16, idleMs: 1000 });
    const slow = new XlsxThread({ timeoutMs: 50, maxHeapMb: 256, idleMs: 1000 });
    try {
      const memory = await starved.read(file);
      assert.deepEqual(memory.tables, []);
      assert.match(memory.problems[0]!.message, /^Die Datei ist zu groß oder beschädigt: das Lesen brauchte mehr als 16 MB Speicher/);
      const time = await slow.read(file);
      assert.match(time.problems[0]!.message, /^Die Datei ist zu groß oder beschädigt: das Lesen dauerte länger als 0,05 Sekunden/);
    } finally {
      await Promise.all([starved.close(), slow.close()]);
    }
    const again = await parseXlsx(file);
    assert.deepEqual(again.problems, []);
    assert.equal(again.tables[0]!.rows.length, 500);
  });

  it('still imports a real catalogue XLSX (parsed off the event loop) and the service answers meanwhile', async () => {
    const exported = await fetch(url('/api/catalogue/export?format=xlsx'), { headers: { authorization: `Bearer ${token}` } });
    const back = await upload(Buffer.from(await exported.arrayBuffer()), 'format=xlsx&dryRun=1&mode=replace');
    assert.equal(back.status, 200, JSON.stringify(back.body?.error?.rows?.slice(0, 3)));
    for (const kind of ['offers', 'providers', 'answers']) assert.deepEqual([back.body[kind].added, back.body[kind].changed, back.body[kind].removed], [[], [], []], kind);

    const rows = parseCsv(bigOffersCsv(3000, 'xl'), 'offers').tables[0]!.rows.map((r) => r.values);
    const big = await toXlsx({ offers: rows });
    let settled = false;
    const importing = upload(big, 'format=xlsx&mode=upsert').finally(() => (settled = true));
    // While the worker reads 3,000 rows, the loop keeps turning and a newcomer's request is served.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    const health = await fetch(url('/healthz'));
    assert.equal(health.status, 200);
    assert.equal(settled, false, 'the import finished before the loop had turned 50 times');
    const imported = await importing;
    assert.equal(imported.status, 200, JSON.stringify(imported.body?.error?.rows?.slice(0, 3)));
    assert.equal(imported.body.offers.added.length, 3000);
    const one = await fetch(url('/api/catalogue/offers/xl-002999'), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(((await one.json()) as { title: { de: string } }).title.de, 'Kurs 2999 de Abend Deutsch Gruppe 89');
  });
});
