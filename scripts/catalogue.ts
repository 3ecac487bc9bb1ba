/**
 * Catalogue tasks for coordinators, on the configured database (DATABASE_PATH):
 *   npm run catalogue -- translations [--lang uk]   what is not translated yet, per language
 */
import { AnswerRepository } from '../src/catalogue/answerRepository';
import { OfferRepository } from '../src/catalogue/offerRepository';
import { TaxonomyRepository } from '../src/catalogue/taxonomyRepository';
import { missingTranslations } from '../src/catalogue/translationStatus';
import { isLang } from '../src/catalogue/types';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/db/database';
import { migrate } from '../src/db/migrations';

async function translations(args: string[]): Promise<void> {
  const langArg = args[args.indexOf('--lang') + 1];
  const only = args.includes('--lang') && isLang(langArg) ? langArg : null;
  const db = await Database.open(loadConfig(process.env).databasePath);
  try {
    await migrate(db);
    const [offers, answers, categories] = await Promise.all([
      new OfferRepository(db).list(),
      new AnswerRepository(db).list(),
      new TaxonomyRepository(db).listCategories(),
    ]);
    console.log(`Fehlende Übersetzungen (${offers.length} Angebote, ${answers.length} Antworten, ${categories.length} Themen):`);
    for (const m of missingTranslations({ offers, answers, categories })) {
      if (only && m.lang !== only) continue;
      console.log(`  ${m.lang}: ${m.offers.length} Angebote, ${m.answers.length} Antworten, ${m.categories.length} Themen`);
      if (only) {
        if (m.offers.length) console.log(`    Angebote: ${m.offers.join(', ')}`);
        if (m.answers.length) console.log(`    Antworten: ${m.answers.join(', ')}`);
        if (m.categories.length) console.log(`    Themen: ${m.categories.join(', ')}`);
      }
    }
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'translations') return translations(rest);
  console.error('Verwendung: npm run catalogue -- translations [--lang uk|ru|ar|fa|en]');
  process.exitCode = 2;
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
