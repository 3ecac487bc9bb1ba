import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logging/logger';
import { readSeedCatalogue } from '../../src/catalogue/seed';
import { growCatalogue, writeCatalogueDatabase } from '../../scripts/benchCatalogue';
import { DATA_DIR, postJson, tempDir, testConfig } from '../helpers/testApp';
import { listening, startProcess } from '../helpers/serviceProcess';

describe('starting and stopping the service', () => {
  it('starts with npm start on an empty folder, serves, and exits cleanly on SIGTERM', async function () {
    // The first run after a change compiles to dist/ (about 10 s, longer on a busy machine).
    this.timeout(120_000);
    const dir = tempDir();
    const proc = startProcess({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'x.db') }, 'npm start');
    const port = await listening(proc, 110_000);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
    assert.ok(fs.existsSync(path.join(dir, 'x.db')));
  });

  it('refuses to start on a bad PORT and names the variable', async () => {
    const proc = startProcess({ PORT: 'abc', DATABASE_PATH: path.join(tempDir(), 'x.db') });
    assert.equal(await proc.exited, 1);
    assert.match(proc.output(), /PORT/);
    assert.doesNotMatch(proc.output(), /at .*\.ts:\d+/);
  });

  it('says which port is taken instead of a stack trace', async () => {
    const dir = tempDir();
    const first = startProcess({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'a.db') });
    const port = await listening(first);
    try {
      const second = startProcess({ PORT: port, HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'b.db') });
      assert.equal(await second.exited, 1);
      assert.match(second.output(), new RegExp(`Port ${port} is in use`));
      assert.doesNotMatch(second.output(), /at .*\.(ts|js):\d+/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('refuses to start on a corrupt database with a clear message and keeps the file', async () => {
    const file = path.join(tempDir(), 'broken.db');
    fs.writeFileSync(file, 'not sqlite '.repeat(500));
    const proc = startProcess({ PORT: '0', DATABASE_PATH: file });
    assert.equal(await proc.exited, 1);
    assert.match(proc.output(), /not a usable SQLite database/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'not sqlite '.repeat(500));
  });

  it('never loads the seed over a catalogue that already has offers', async () => {
    const config = testConfig();
    const first = await createApp(config, createLogger('silent'));
    await first.db.run("UPDATE offer_translations SET title = 'Von Koordinatorin geändert' WHERE offer_id = 'o-001' AND lang = 'de'");
    await first.stop();
    const second = await createApp(config, createLogger('silent'));
    try {
      const row = await second.db.get<{ title: string }>("SELECT title FROM offer_translations WHERE offer_id = 'o-001' AND lang = 'de'");
      assert.equal(row?.title, 'Von Koordinatorin geändert');
    } finally {
      await second.stop();
    }
  });

  it('saves the search index of a large catalogue and reads it on the next start instead of building', async () => {
    const config = testConfig();
    const seed = readSeedCatalogue(DATA_DIR);
    await writeCatalogueDatabase(config.databasePath, seed, growCatalogue(seed, 1200));
    const first = await createApp(config, createLogger('silent'));
    assert.equal(first.search.indexSource, 'built');
    await first.stop();
    assert.ok(fs.existsSync(`${config.databasePath}.search-index.json`));
    const second = await createApp(config, createLogger('silent'));
    try {
      assert.equal(second.search.indexSource, 'restored');
      assert.equal(second.search.offerCount, 1200);
      const result = (await second.ask.ask({ text: 'Integrationskurs in Döbeln', supported: ['de'] }));
      assert.ok(result.offers.length > 0 && result.offers.every((o) => o.offer.categories.includes('integration-course')));
    } finally {
      await second.stop();
    }
  });

  it('limits the rate of public requests with a JSON 429', async () => {
    const app = await createApp(testConfig(), createLogger('silent'), { rateLimit: { rate: 1, burst: 2 } });
    const port = await app.start();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await postJson(`http://127.0.0.1:${port}/api/ask`, { text: 'Kita' })).status);
      assert.ok(statuses.includes(429), statuses.join());
      const limited = await postJson(`http://127.0.0.1:${port}/api/ask`, { text: 'Kita' });
      assert.equal(limited.body.error.code, 'tooManyRequests');
    } finally {
      await app.stop();
    }
  });
});
