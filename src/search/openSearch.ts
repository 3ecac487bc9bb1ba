import { AnswerRepository } from '../catalogue/answerRepository';
import { OfferRepository } from '../catalogue/offerRepository';
import { ProviderRepository } from '../catalogue/providerRepository';
import { TaxonomyRepository } from '../catalogue/taxonomyRepository';
import type { Database } from '../db/database';
import { loadLexicon, type Lexicon } from './lexicon';
import { SearchService, type SearchCatalogue } from './searchService';
import { searchBuild, type IndexSnapshotStore } from './indexSnapshot';
import { changesSince, currentCatalogueVersion, type CatalogueVersion } from '../catalogue/catalogueVersion';
import { loadTownAliases } from './townAliases';
import { DatabaseOfferStore, type OfferStore } from './offerStore';

/**
 * Search over a catalogue with the lexicon and town aliases from `dataDir`; without a `store`
 * the offers stay in memory (the eval, tests), with one they are read from it when shown.
 */
export function createSearch(catalogue: SearchCatalogue, dataDir: string, store?: OfferStore, lexicon: Lexicon = loadLexicon(dataDir)): SearchService {
  const aliases = loadTownAliases(dataDir, new Set(catalogue.towns.map((t) => t.id)));
  return new SearchService(catalogue, lexicon, aliases, store);
}

/** Builds search services from the catalogue in the database. */
export async function buildSearch(db: Database, dataDir: string): Promise<SearchService> {
  return (await openSearch(db, dataDir)).search;
}

export interface OpenedSearch {
  search: SearchService;
  /** The catalogue version the search reflects at least; the change feed after it still applies. */
  version: CatalogueVersion;
  /** Tokenizer, stop words and taxonomy the index was made with (`searchBuild`), for saving. */
  build: string;
}

/** Applying more feed entries than this one by one takes longer than reading everything. */
const MAX_CATCH_UP = 2000;

/**
 * The search for the service: from the saved snapshot when it was made by the same build from
 * this database no more than MAX_CATCH_UP changes ago, otherwise read from the database and built.
 * The version is read before anything else, so a change committed meanwhile is caught up too.
 */
export async function openSearch(db: Database, dataDir: string, saved?: { store: IndexSnapshotStore }): Promise<OpenedSearch> {
  const version = await currentCatalogueVersion(db);
  const lexicon = loadLexicon(dataDir);
  const taxonomy = new TaxonomyRepository(db);
  const [towns, categories] = await Promise.all([taxonomy.listTowns(), taxonomy.listCategories()]);
  const build = searchBuild(lexicon.stopwords, towns, categories);
  if (saved) {
    const header = saved.store.readHeader();
    const behind = header?.build === build ? await changesSince(db, header.version) : null;
    const snapshot = behind !== null && behind <= MAX_CATCH_UP ? await saved.store.read() : null;
    if (snapshot) {
      const search = createSearch({ towns, categories, providers: snapshot.catalogue.providers, answers: [], offers: [] }, dataDir, new DatabaseOfferStore(db), lexicon);
      if (search.restore(snapshot.catalogue, snapshot.index)) return { search, version: snapshot.version, build };
    }
  }
  const [providers, offers, answers] = await Promise.all([new ProviderRepository(db).list(), new OfferRepository(db).list(), new AnswerRepository(db).list()]);
  return { search: createSearch({ towns, categories, providers, offers, answers }, dataDir, new DatabaseOfferStore(db), lexicon), version, build };
}

/** Saves the search for the next start when the catalogue is large enough to be worth it; true when written. */
export function saveSearch(store: IndexSnapshotStore, opened: Pick<OpenedSearch, 'search' | 'build'>, version: CatalogueVersion, minOffers = 1000): boolean {
  if (opened.search.offerCount < minOffers) return false;
  store.write({ build: opened.build, version, ...opened.search.snapshot() });
  return true;
}
