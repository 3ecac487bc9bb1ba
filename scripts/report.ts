/**
 * The demand report as one self-contained HTML file (or CSV/JSON), from the configured database:
 *   npm run report -- --out report.html [--from 2026-01] [--to 2026-12]
 *   npm run report -- --out nachfrage.csv [--table demand|gap]
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildDemandReport } from '../src/analytics/demandReport';
import { reportCsv, reportHtml } from '../src/analytics/reportRendering';
import { buildSearch } from '../src/ask/pipeline';
import { UnansweredQuestions } from '../src/catalogue/unanswered';
import { loadSeedIfEmpty, readSeedCatalogue } from '../src/catalogue/seed';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/openDatabase';
import { migrate } from '../src/db/migrations';
import { upgradeCatalogue } from '../src/catalogue/upgrade';

const option = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const out = option('--out');
  if (!out) throw new Error('Verwendung: npm run report -- --out report.html [--from 2026-01] [--to 2026-12] [--table demand|gap]');
  const config = loadConfig(process.env);
  const db = await openDatabase(config);
  try {
    await migrate(db);
    await upgradeCatalogue(db);
    await loadSeedIfEmpty(db, readSeedCatalogue(config.dataDir));
    const search = await buildSearch(db, config.dataDir);
    const unanswered = new UnansweredQuestions(db, search);
    const report = await buildDemandReport(db, search, () => unanswered.groups(), { from: option('--from'), to: option('--to') });
    const ext = path.extname(out).toLowerCase();
    if (ext === '.csv') fs.writeFileSync(out, reportCsv(report, option('--table') === 'gap' ? 'gap' : 'demand'));
    else if (ext === '.json') fs.writeFileSync(out, JSON.stringify(report, null, 2));
    else fs.writeFileSync(out, reportHtml(report));
    console.log(`${out} geschrieben: ${report.totals.questions} Anfragen, ${report.supplyGap.length} Ort-Thema-Paare, ${report.suppressedCells} Felder unter ${report.k} unterdrückt.`);
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
