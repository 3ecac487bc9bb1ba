import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bigOffersCsv } from '../helpers/bigCatalogue';
import { postJson, startTestApp, tempDir, testConfig, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(__dirname, '..', '..');
// One process (no tsx wrapper that would outlive a SIGKILL sent to it).
const NODE_ARGS = ['--no-deprecation', '--require', 'tsx/cjs', 'scripts/catalogue.ts'];

function cli(args: string[], databasePath: string) {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8' });
}

describe('catalogue on the command line', function () {
  this.timeout(120_000);
  let running: RunningApp;
  let dir: string;
  before(async () => {
    dir = tempDir();
    running = await startTestApp(testConfig({}, dir));
  });
  after(async () => running?.app.stop());

  it('validates a file with problems (German, with row and column) and exits 1 without changing anything', () => {
    const file = path.join(dir, 'kaputt.csv');
    fs.writeFileSync(file, 'id;categories;town;providerId;title_de\nx-1;german-course;nirgendwo;p-vhs-dl;Kurs\n');
    const out = cli(['validate', file], running.config.databasePath);
    assert.equal(out.status, 1, out.stdout + out.stderr);
    assert.match(out.stderr, /offers Zeile 2, Spalte town: Unbekannter Ort „nirgendwo“/);
  });

  it('imports while the service runs, and the running bot finds the offer within a second', async () => {
    const file = path.join(dir, 'neu.csv');
    fs.writeFileSync(file, 'id;categories;town;providerId;title_de;summary_de\ncli-kletter;adult-education;leisnig;p-vhs-dl;Kletterkurs in Leisnig;Klettern für Anfänger.\n');
    const out = cli(['import', file], running.config.databasePath);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /Angebote: 1 neu/);
    const started = Date.now();
    await waitFor(
      async () => (await postJson(`${running.baseUrl}/api/ask`, { text: 'Kletterkurs Leisnig' })).body.offers.some((o: { id: string }) => o.id === 'cli-kletter'),
      { what: 'the service to pick up the CLI import', timeoutMs: 3000, intervalMs: 20 },
    );
    assert.ok(Date.now() - started < 1500, `after ${Date.now() - started} ms`);
  });

  it('exports and re-imports the catalogue unchanged, and runs a batch test of answers', () => {
    const xlsx = path.join(dir, 'katalog.xlsx');
    assert.equal(cli(['export', xlsx], running.config.databasePath).status, 0);
    const again = cli(['import', xlsx, '--dry-run', '--mode', 'replace'], running.config.databasePath);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Angebote: 0 neu, 0 geändert, 0 entfernt/);
    const tsv = path.join(dir, 'fragen.tsv');
    fs.writeFileSync(tsv, '# Frage\tAntwort\nWas kostet ein Integrationskurs?\ta-ik-cost\nWie viel kostet ein Kita-Platz?\ta-ik-cost\n');
    const test = cli(['test', tsv], running.config.databasePath);
    assert.equal(test.status, 1);
    assert.match(test.stdout, /MISS Zeile 3: „Wie viel kostet ein Kita-Platz\?“ → erwartet a-ik-cost, bekommen a-kita-costs/);
    assert.match(test.stdout, /1 von 2 richtig/);
  });

  it('leaves the old catalogue intact when killed with SIGKILL in the middle of a 10,000-offer import', async () => {
    const dbPath = path.join(tempDir(), 'kill.db');
    const file = path.join(dir, 'gross.csv');
    fs.writeFileSync(file, bigOffersCsv(10_000));
    assert.equal(cli(['export', path.join(dir, 'vorher.json')], dbPath).status, 0, 'creates and seeds the database');
    const before = fs.readFileSync(path.join(dir, 'vorher.json'), 'utf8');

    const child = spawn(process.execPath, [...NODE_ARGS, 'import', file], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: dbPath } });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress: ${stderr}`)), 60_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Kill as soon as the first rows are written inside the transaction.
        if (/Import: [1-9]\d*\/10000/.test(stderr)) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    assert.equal(child.signalCode, 'SIGKILL');

    assert.equal(cli(['export', path.join(dir, 'nachher.json')], dbPath).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'nachher.json'), 'utf8'), before, 'not one row of the interrupted import is there');
  });
});
