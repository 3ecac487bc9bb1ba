/**
 * Catalogue tasks for coordinators, on the configured database (DATABASE_URL, else DATABASE_PATH). A running
 * service picks up every change within a second; no restart.
 *   npm run catalogue -- import FILE [--kind offers|providers|answers] [--mode upsert|replace] [--dry-run]
 *   npm run catalogue -- validate FILE [--kind ...]           (checks only, same as --dry-run)
 *   npm run catalogue -- export FILE [--kind offers]           (.csv one kind, .xlsx or .json everything)
 *   npm run catalogue -- template FILE [--kind offers]         (an empty sheet with one example row)
 *   npm run catalogue -- test FILE.tsv                         (question <TAB> expected answer id: which miss)
 *   npm run catalogue -- translations [--lang uk]              (what is not translated yet, per language)
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSearch, createAsk } from '../src/ask/pipeline';
import { AuditLog } from '../src/audit/auditLog';
import { AnswerRepository } from '../src/catalogue/answerRepository';
import { CatalogueRejected, CatalogueService, type ImportResult } from '../src/catalogue/catalogueService';
import { importFile, type ImportFormat } from '../src/catalogue/importFile';
import { OfferRepository } from '../src/catalogue/offerRepository';
import { ProviderRepository } from '../src/catalogue/providerRepository';
import { KINDS, type CatalogueKind } from '../src/catalogue/records';
import { loadSeedIfEmpty, readSeedCatalogue } from '../src/catalogue/seed';
import { recordToRow, toCsv, toXlsx } from '../src/catalogue/tabular';
import { TaxonomyRepository } from '../src/catalogue/taxonomyRepository';
import type { Town } from '../src/catalogue/types';
import { missingTranslations } from '../src/catalogue/translationStatus';
import { isLang, LANGUAGES } from '../src/language/languages';
import { loadConfig } from '../src/config/config';
import type { Database } from '../src/db/database';
import { openDatabase } from '../src/db/openDatabase';
import { migrate } from '../src/db/migrations';
import { isAppError } from '../src/errors';
import { createLogger } from '../src/logging/logger';
import { upgradeCatalogue } from '../src/catalogue/upgrade';

const USAGE = `Verwendung: npm run catalogue -- import|validate|export|template FILE [--kind offers|providers|answers] [--mode upsert|replace] [--dry-run]
             npm run catalogue -- test FILE.tsv
             npm run catalogue -- translations [--lang uk]`;

const option = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function formatOf(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  throw new Error(`Unbekanntes Dateiformat „${ext}“: .csv, .xlsx oder .json verwenden.`);
}

function kindOption(args: string[]): CatalogueKind | undefined {
  const kind = option(args, '--kind');
  if (kind === undefined) return undefined;
  if (!(KINDS as readonly string[]).includes(kind)) throw new Error(`--kind ist offers, providers oder answers (nicht „${kind}“).`);
  return kind as CatalogueKind;
}

async function open(): Promise<Database> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config);
  await migrate(db);
  await upgradeCatalogue(db);
  await loadSeedIfEmpty(db, readSeedCatalogue(config.dataDir));
  return db;
}

/** One line that rewrites itself on a terminal, a line per 10 % elsewhere (logs, CI). */
function progress(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const share = total ? done / total : 1;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${label}: ${done}/${total}\n`);
    }
  };
}

function printResult(result: ImportResult & { warnings: string[] }): void {
  for (const w of result.warnings) console.log(`Hinweis: ${w}`);
  const names: Record<CatalogueKind, string> = { offers: 'Angebote', providers: 'Anbieter', answers: 'Antworten' };
  for (const kind of KINDS) {
    const d = result[kind];
    if (!d.added.length && !d.changed.length && !d.removed.length && !d.unchanged) continue;
    console.log(`${names[kind]}: ${d.added.length} neu, ${d.changed.length} geändert, ${d.removed.length} entfernt, ${d.unchanged} unverändert`);
    const list = (label: string, ids: string[]) => ids.length && console.log(`  ${label}: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ` … (+${ids.length - 20})` : ''}`);
    list('neu', d.added);
    list('geändert', d.changed);
    list('entfernt', d.removed);
  }
  console.log(result.dryRun ? 'Probelauf: nichts wurde geändert.' : 'Übernommen. Der laufende Dienst verwendet die Änderungen innerhalb einer Sekunde.');
}

async function importCommand(file: string | undefined, args: string[], dryRun: boolean): Promise<void> {
  if (!file) throw new Error(USAGE);
  const bytes = fs.readFileSync(file);
  const mode = option(args, '--mode') ?? 'upsert';
  if (mode !== 'upsert' && mode !== 'replace') throw new Error('--mode ist upsert oder replace.');
  const db = await open();
  try {
    const service = new CatalogueService(db, { towns: await townsOf(db), audit: new AuditLog(db), logger: createLogger('silent') });
    const result = await importFile(service, bytes, {
      format: formatOf(file),
      kind: kindOption(args),
      mode,
      dryRun,
      actor: null,
      onProgress: progress('Import'),
      reindex: false,
    });
    printResult(result);
  } catch (err) {
    if (!(err instanceof CatalogueRejected)) throw err;
    console.error(`Nicht übernommen: ${err.problems.length} Problem(e). Es wurde nichts geändert.`);
    for (const p of err.problems.slice(0, 200)) console.error(`  ${p.kind} Zeile ${p.row}, Spalte ${p.field}: ${p.message}`);
    if (err.problems.length > 200) console.error(`  … und ${err.problems.length - 200} weitere`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

async function exportCommand(file: string | undefined, args: string[], template: boolean): Promise<void> {
  if (!file) throw new Error(USAGE);
  const format = formatOf(file);
  const kind = kindOption(args) ?? 'offers';
  const db = await open();
  try {
    const service = new CatalogueService(db, { towns: await townsOf(db), audit: new AuditLog(db), logger: createLogger('silent') });
    const all = template ? { offers: [], providers: [], answers: [] } : await service.all();
    const rows = (k: CatalogueKind) => (all[k] as never[]).map((r) => recordToRow(k, r));
    if (format === 'json') fs.writeFileSync(file, JSON.stringify(all, null, 2));
    else if (format === 'xlsx') fs.writeFileSync(file, await toXlsx({ offers: rows('offers'), providers: rows('providers'), answers: rows('answers') }));
    else fs.writeFileSync(file, toCsv(kind, rows(kind)));
    console.log(`${file} geschrieben (${format === 'csv' ? `${rows(kind).length} ${kind}` : `${all.offers.length} Angebote, ${all.providers.length} Anbieter, ${all.answers.length} Antworten`}).`);
  } finally {
    await db.close();
  }
}

/** A TSV of question → expected answer id (optionally a language): which questions miss. */
async function batchTest(file: string | undefined): Promise<void> {
  if (!file) throw new Error(USAGE);
  const db = await open();
  try {
    const ask = createAsk(await buildSearch(db, loadConfig(process.env).dataDir));
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((line, i) => ({ line, number: i + 1 }))
      .filter(({ line }) => line.trim() && !line.startsWith('#'));
    let misses = 0;
    for (const { line, number } of lines) {
      const [question = '', expected = '', lang] = line.split('\t').map((c) => c.trim());
      const result = await ask.ask({ text: question, lang: isLang(lang) ? lang : undefined, limit: 3, supported: LANGUAGES });
      const got = result.answer?.id ?? null;
      if (got !== expected) {
        misses++;
        console.log(`MISS Zeile ${number}: „${question}“ → erwartet ${expected}, bekommen ${got ?? `(keine Antwort; ${result.intent})`}`);
      }
    }
    console.log(`${lines.length - misses} von ${lines.length} richtig (${lines.length ? Math.round(((lines.length - misses) / lines.length) * 1000) / 10 : 100} %).`);
    if (misses) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

async function translations(args: string[]): Promise<void> {
  const langArg = option(args, '--lang');
  const only = isLang(langArg) ? langArg : null;
  const db = await open();
  try {
    const [offers, answers, categories, providers] = await Promise.all([
      new OfferRepository(db).list(),
      new AnswerRepository(db).list(),
      new TaxonomyRepository(db).listCategories(),
      new ProviderRepository(db).list(),
    ]);
    console.log(`Fehlende Übersetzungen (${offers.length} Angebote, ${answers.length} Antworten, ${categories.length} Themen, ${providers.length} Anbieter):`);
    for (const m of missingTranslations({ offers, answers, categories, providers })) {
      if (only && m.lang !== only) continue;
      console.log(`  ${m.lang}: ${m.offers.length} Angebote, ${m.answers.length} Antworten, ${m.categories.length} Themen, ${m.providers.length} Anbieterbeschreibungen`);
      if (only) {
        if (m.offers.length) console.log(`    Angebote: ${m.offers.join(', ')}`);
        if (m.answers.length) console.log(`    Antworten: ${m.answers.join(', ')}`);
        if (m.categories.length) console.log(`    Themen: ${m.categories.join(', ')}`);
        if (m.providers.length) console.log(`    Anbieter: ${m.providers.join(', ')}`);
      }
    }
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const [command, file, ...rest] = process.argv.slice(2);
  const args = [file ?? '', ...rest];
  switch (command) {
    case 'import':
      return importCommand(file, args, args.includes('--dry-run'));
    case 'validate':
      return importCommand(file, args, true);
    case 'export':
      return exportCommand(file, args, false);
    case 'template':
      return exportCommand(file, args, true);
    case 'test':
      return batchTest(file);
    case 'translations':
      return translations(args);
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  console.error(isAppError(err) || err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});

/** The towns an offer may name, straight from the database: the CLI needs no search index. */
async function townsOf(db: Database): Promise<ReadonlyMap<string, Town>> {
  return new Map((await new TaxonomyRepository(db).listTowns()).map((t) => [t.id, t]));
}
