import type { AuditLog } from '../audit/auditLog';
import type { Database, Queryable } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import { AnswerRepository } from './answerRepository';
import { OfferRepository } from './offerRepository';
import { ProviderRepository } from './providerRepository';
import {
  fromAnswer,
  fromOffer,
  fromProvider,
  parseRecord,
  toAnswer,
  toOffer,
  toProvider,
  type AnswerRecord,
  type CatalogueKind,
  type OfferRecord,
  type Problem,
  type ProviderRecord,
} from './records';
import { translationTimes } from './translationRows';
import { isOfferTranslated } from './translationStatus';
import { matchesAllWords } from '../text/wordMatch';
import { normalizeText } from '../text/normalize';
import type { Town } from './types';
import { LANGUAGES, SOURCE_LANGUAGE, type Lang } from '../language/languages';

export type AnyRecord = OfferRecord | ProviderRecord | AnswerRecord;

/** A refused change: every problem, with row and field; nothing was written. */
export class CatalogueRejected extends AppError {
  constructor(readonly problems: Problem[]) {
    super('validationFailed', problems.length === 1 ? problems[0]!.message : `${problems.length} Probleme gefunden; nichts wurde geändert.`);
  }
}

export interface ImportInput {
  offers?: { row: number; value: unknown }[];
  providers?: { row: number; value: unknown }[];
  answers?: { row: number; value: unknown }[];
}

export interface KindDiff {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export interface ImportResult {
  dryRun: boolean;
  mode: 'upsert' | 'replace';
  offers: KindDiff;
  providers: KindDiff;
  answers: KindDiff;
}

export interface OfferFilters {
  q?: string;
  category?: string;
  town?: string;
  status?: 'active' | 'inactive';
  provider?: string;
  flag?: 'expired' | 'unconfirmed' | 'untranslated' | 'outdated';
  offset?: number;
  limit?: number;
}

export interface ReviewState {
  expired: boolean;
  unconfirmed: boolean;
  reviewedAt: string | null;
  updatedAt: string;
  /** Per language other than German: missing, outdated (German changed since), or ok. */
  translations: Partial<Record<Lang, 'missing' | 'outdated' | 'ok'>>;
}

/** An offer needs a fresh confirmation after half a year. */
export const CONFIRM_EVERY_MS = 183 * 86_400_000;

const repositories = (db: Queryable) => ({
  offers: new OfferRepository(db),
  providers: new ProviderRepository(db),
  answers: new AnswerRepository(db),
});

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Everything a coordinator changes goes through here: validation (one set of rules for the
 * API, the admin page and imports), one transaction per change or import, an audit entry per
 * record. Database triggers write each change to the change feed; `afterCommit` lets the
 * search in this process follow it before the change is reported done, so the bot and
 * /api/ask answer with the change at once.
 */
export class CatalogueService {
  constructor(
    private readonly db: Database,
    private readonly deps: {
      /** The district's towns by id (an offer's town must be one of them). */
      towns: ReadonlyMap<string, Town>;
      /** Other spellings of the towns (Doebeln, Фрайберг…), by id: an import may name a town so. */
      townAliases?: Readonly<Record<string, readonly string[]>>;
      audit: AuditLog;
      logger: Logger;
      now?: () => number;
      /** Called after each committed change; the search catches up with the change feed. */
      afterCommit?: () => Promise<void>;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  async all(): Promise<{ offers: OfferRecord[]; providers: ProviderRecord[]; answers: AnswerRecord[] }> {
    const r = repositories(this.db);
    const [offers, providers, answers] = await Promise.all([r.offers.list(), r.providers.list(), r.answers.list()]);
    return { offers: offers.map(fromOffer), providers: providers.map(fromProvider), answers: answers.map(fromAnswer) };
  }

  async get(kind: CatalogueKind, id: string): Promise<AnyRecord> {
    // Only the kind asked for: a provider or answer lookup must not read every offer.
    const r = repositories(this.db);
    const found: AnyRecord | undefined =
      kind === 'offers'
        ? await r.offers.get(id).then((o) => o && fromOffer(o))
        : kind === 'providers'
          ? (await r.providers.list()).map(fromProvider).find((x) => x.id === id)
          : (await r.answers.list()).map(fromAnswer).find((x) => x.id === id);
    if (!found) throw new AppError('notFound', `${kind === 'offers' ? 'Angebot' : kind === 'providers' ? 'Anbieter' : 'Antwort'} „${id}“ gibt es nicht.`);
    return found;
  }

  /** Offers with their review state, filtered and paged for the admin lists. */
  async listOffers(filters: OfferFilters = {}): Promise<{ items: (OfferRecord & { review: ReviewState })[]; total: number }> {
    const { offers, providers } = await this.all();
    const review = await this.reviewStates();
    const q = filters.q?.trim() ?? '';
    const providerNames = new Map(providers.map((p) => [p.id, p.name]));
    // Title in every language, provider, town and id: what a coordinator may remember of an offer.
    const searchable = (o: OfferRecord) =>
      `${o.id} ${Object.values(o.title).join(' ')} ${o.providerId} ${providerNames.get(o.providerId) ?? ''} ${o.town} ${this.deps.towns.get(o.town)?.name ?? ''}`;
    const matches = offers
      .map((o) => ({ ...o, review: review.get(o.id)! }))
      .filter((o) => {
        if (filters.category && !o.categories.includes(filters.category as never)) return false;
        if (filters.town && o.town !== filters.town) return false;
        if (filters.status && o.status !== filters.status) return false;
        if (filters.provider && o.providerId !== filters.provider) return false;
        if (filters.flag === 'expired' && !o.review.expired) return false;
        if (filters.flag === 'unconfirmed' && !o.review.unconfirmed) return false;
        if (filters.flag === 'untranslated' && !Object.values(o.review.translations).includes('missing')) return false;
        if (filters.flag === 'outdated' && !Object.values(o.review.translations).includes('outdated')) return false;
        if (q && !matchesAllWords(q, searchable(o))) return false;
        return true;
      });
    const offset = filters.offset ?? 0;
    return { items: matches.slice(offset, offset + (filters.limit ?? 50)), total: matches.length };
  }

  async reviewStates(): Promise<Map<string, ReviewState>> {
    const r = repositories(this.db);
    const [offers, dates, times] = await Promise.all([r.offers.list(), r.offers.reviewDates(), translationTimes(this.db, 'offer_translations', 'offer_id')]);
    const today = this.today();
    const out = new Map<string, ReviewState>();
    for (const o of offers) {
      const d = dates.get(o.id)!;
      const langTimes = times.get(o.id) ?? new Map<string, string>();
      const source = langTimes.get(SOURCE_LANGUAGE) ?? '';
      const translations: ReviewState['translations'] = {};
      for (const lang of LANGUAGES) {
        if (lang === SOURCE_LANGUAGE) continue;
        const at = langTimes.get(lang);
        translations[lang] = !at || !isOfferTranslated(o, lang) ? 'missing' : at < source ? 'outdated' : 'ok';
      }
      const confirmed = Date.parse(d.reviewedAt ?? d.createdAt);
      out.set(o.id, {
        expired: Boolean(o.validUntil && o.validUntil < today),
        unconfirmed: this.now() - confirmed > CONFIRM_EVERY_MS,
        reviewedAt: d.reviewedAt,
        updatedAt: d.updatedAt,
        translations,
      });
    }
    return out;
  }

  async create(kind: CatalogueKind, body: unknown, actor: number): Promise<AnyRecord> {
    const id = (body as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && (await this.exists(kind, id))) throw new AppError('conflict', `Die ID „${id}“ ist schon vergeben.`);
    await this.importRecords({ [kind]: [{ row: 1, value: body }] }, { mode: 'upsert', dryRun: false, actor, action: 'create' });
    return this.get(kind, String(id));
  }

  async update(kind: CatalogueKind, id: string, body: unknown, actor: number | null): Promise<AnyRecord> {
    if (!(await this.exists(kind, id))) await this.get(kind, id);
    const value = body && typeof body === 'object' ? { ...(body as object), id } : body;
    await this.importRecords({ [kind]: [{ row: 1, value }] }, { mode: 'upsert', dryRun: false, actor, action: 'update' });
    return this.get(kind, id);
  }

  async delete(kind: CatalogueKind, id: string, actor: number): Promise<void> {
    const before = await this.get(kind, id);
    if (kind === 'providers') {
      const { offers } = await this.all();
      const using = offers.filter((o) => o.providerId === id).map((o) => o.id);
      if (using.length) throw new AppError('conflict', `Der Anbieter hat noch ${using.length} Angebote (${using.slice(0, 5).join(', ')}${using.length > 5 ? ' …' : ''}). Löschen oder verschieben Sie diese zuerst.`);
    }
    await this.db.transaction(async (tx) => {
      const r = repositories(tx);
      await r[kind].delete(id);
      await this.deps.audit.record({ actor, action: `${kind}.delete`, entity: kind, entityId: id, before, after: null }, tx);
    });
    await this.deps.afterCommit?.();
  }

  /** "Confirm up to date": stamps the review date. */
  async confirm(id: string, actor: number): Promise<ReviewState> {
    await this.get('offers', id);
    const at = new Date(this.now()).toISOString();
    await this.db.transaction(async (tx) => {
      await new OfferRepository(tx).confirm(id, at);
      await this.deps.audit.record({ actor, action: 'offers.confirm', entity: 'offers', entityId: id, before: null, after: { reviewedAt: at } }, tx);
    });
    return (await this.reviewStates()).get(id)!;
  }

  /**
   * Validates every record first; with any problem nothing is written and all problems are
   * reported. Otherwise one transaction writes the additions and changes (and in `replace` mode
   * removes what the file no longer has), then the index follows.
   */
  async importRecords(
    input: ImportInput,
    options: {
      mode: 'upsert' | 'replace';
      dryRun: boolean;
      actor: number | null;
      action?: string;
      onProgress?: (done: number, total: number) => void;
      /** False in the CLI: the running service follows the change feed, this process has no readers. */
      reindex?: boolean;
    },
  ): Promise<ImportResult> {
    const current = await this.all();
    const problems: Problem[] = [];
    const parsed = { offers: [] as { row: number; record: OfferRecord }[], providers: [] as { row: number; record: ProviderRecord }[], answers: [] as { row: number; record: AnswerRecord }[] };
    // Rows that failed their own checks still get their town and provider checked, so a
    // coordinator sees every problem of a row at once instead of one fix at a time.
    const broken: { kind: 'offers' | 'providers'; row: number; town: unknown; providerId: unknown; problems: Problem[] }[] = [];
    for (const kind of ['offers', 'providers', 'answers'] as const) {
      const firstRow = new Map<string, number>();
      for (const { row, value } of input[kind] ?? []) {
        const result = parseRecord(kind, value, row);
        if (!result.ok) {
          problems.push(...result.problems);
          if (kind !== 'answers' && value && typeof value === 'object') {
            const raw = value as { town?: unknown; providerId?: unknown };
            broken.push({ kind, row, town: raw.town, providerId: raw.providerId, problems: result.problems });
          }
          continue;
        }
        const earlier = firstRow.get(result.record.id);
        if (earlier !== undefined) {
          problems.push({ kind, row, field: 'id', message: `Die ID „${result.record.id}“ steht schon in Zeile ${earlier}.` });
          continue;
        }
        firstRow.set(result.record.id, row);
        (parsed[kind] as { row: number; record: AnyRecord }[]).push({ row, record: result.record });
      }
    }
    const towns = this.deps.towns;
    // A town may be given by id, by name or by a known spelling ("Döbeln", "Doebeln"): stored as its id.
    const townId = townResolver(towns, this.deps.townAliases ?? {});
    for (const { record } of [...parsed.offers, ...parsed.providers]) record.town = townId(record.town) ?? record.town;
    const willHave = (kind: CatalogueKind) => {
      const ids = new Set(parsed[kind].map((p) => p.record.id));
      if (options.mode === 'upsert' || !input[kind]) for (const r of current[kind]) ids.add(r.id);
      return ids;
    };
    const providerIds = willHave('providers');
    const answerIds = willHave('answers');
    const today = this.today();
    const unknownTown = (t: string) => `Unbekannter Ort „${t}“. Erlaubt sind die Orte des Landkreises, als Name (z. B. Döbeln, Freiberg) oder als ID (doebeln, freiberg).`;
    for (const { row, record } of parsed.offers) {
      if (!towns.has(record.town)) problems.push({ kind: 'offers', row, field: 'town', message: unknownTown(record.town) });
      if (!providerIds.has(record.providerId)) problems.push({ kind: 'offers', row, field: 'providerId', message: `Unbekannter Anbieter „${record.providerId}“.` });
      if (record.status === 'active' && record.validUntil && record.validUntil < today) {
        problems.push({ kind: 'offers', row, field: 'validUntil', message: `„Gültig bis“ (${record.validUntil}) liegt in der Vergangenheit, aber der Status ist „active“. Setzen Sie ein neues Datum oder den Status „inactive“.` });
      }
    }
    for (const { row, record } of parsed.providers) {
      if (!towns.has(record.town)) problems.push({ kind: 'providers', row, field: 'town', message: unknownTown(record.town) });
    }
    for (const b of broken) {
      const named = (field: string) => b.problems.some((p) => p.field === field);
      if (typeof b.town === 'string' && b.town.trim() && !named('town') && !townId(b.town)) problems.push({ kind: b.kind, row: b.row, field: 'town', message: unknownTown(b.town) });
      if (b.kind === 'offers' && typeof b.providerId === 'string' && b.providerId.trim() && !named('providerId') && !providerIds.has(b.providerId.trim())) {
        problems.push({ kind: 'offers', row: b.row, field: 'providerId', message: `Unbekannter Anbieter „${b.providerId.trim()}“.` });
      }
    }
    problems.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.row - b.row);
    for (const { row, record } of parsed.answers) {
      for (const f of record.followUps) if (!answerIds.has(f)) problems.push({ kind: 'answers', row, field: 'followUps', message: `Unbekannte Folgefrage „${f}“.` });
    }
    if (options.mode === 'replace' && input.providers) {
      const offers = input.offers ? parsed.offers.map((p) => p.record) : current.offers;
      for (const o of offers) {
        if (!providerIds.has(o.providerId)) {
          problems.push({ kind: 'providers', row: 0, field: 'id', message: `Der Anbieter „${o.providerId}“ fehlt in der Datei, hat aber noch das Angebot „${o.id}“.` });
        }
      }
    }
    if (problems.length) throw new CatalogueRejected(problems.sort((a, b) => a.kind.localeCompare(b.kind) || a.row - b.row));

    const diff = (kind: CatalogueKind): KindDiff & { write: AnyRecord[]; before: Map<string, AnyRecord> } => {
      const before = new Map<string, AnyRecord>(current[kind].map((r) => [r.id, r]));
      const canonical = (r: AnyRecord) =>
        stable(kind === 'offers' ? fromOffer(toOffer(r as OfferRecord)) : kind === 'providers' ? fromProvider(toProvider(r as ProviderRecord)) : fromAnswer(toAnswer(r as AnswerRecord)));
      const out = { added: [] as string[], changed: [] as string[], removed: [] as string[], unchanged: 0, write: [] as AnyRecord[], before };
      const incoming = new Set<string>();
      for (const { record } of parsed[kind] as { record: AnyRecord }[]) {
        incoming.add(record.id);
        const old = before.get(record.id);
        if (!old) out.added.push(record.id);
        else if (canonical(old) !== canonical(record)) out.changed.push(record.id);
        else {
          out.unchanged++;
          continue;
        }
        out.write.push(record);
      }
      if (options.mode === 'replace' && input[kind]) for (const id of before.keys()) if (!incoming.has(id)) out.removed.push(id);
      return out;
    };
    const diffs = { offers: diff('offers'), providers: diff('providers'), answers: diff('answers') };
    const result: ImportResult = {
      dryRun: options.dryRun,
      mode: options.mode,
      offers: summary(diffs.offers),
      providers: summary(diffs.providers),
      answers: summary(diffs.answers),
    };
    if (options.dryRun) return result;

    const total = diffs.offers.write.length + diffs.providers.write.length + diffs.answers.write.length + diffs.offers.removed.length + diffs.answers.removed.length + diffs.providers.removed.length;
    let done = 0;
    const tick = () => {
      done++;
      if (options.onProgress && (done % 100 === 0 || done === total)) options.onProgress(done, total);
    };
    const at = new Date(this.now()).toISOString();
    const action = options.action ?? 'import';
    await this.db.transaction(async (tx) => {
      const r = repositories(tx);
      const audit = async (kind: CatalogueKind, id: string, before: AnyRecord | null, after: AnyRecord | null) => {
        await this.deps.audit.record({ actor: options.actor, action: `${kind}.${action}`, entity: kind, entityId: id, before, after }, tx);
        };
      for (const p of diffs.providers.write as ProviderRecord[]) {
        await r.providers.upsert(toProvider(p), at);
        await audit('providers', p.id, diffs.providers.before.get(p.id) ?? null, p);
        tick();
      }
      const offers = diffs.offers.write as OfferRecord[];
      for (let i = 0; i < offers.length; i += 1000) {
        const chunk = offers.slice(i, i + 1000);
        await r.offers.upsertMany(chunk.map(toOffer), at);
        await this.deps.audit.recordMany(
          chunk.map((o) => ({ actor: options.actor, action: `offers.${action}`, entity: 'offers', entityId: o.id, before: diffs.offers.before.get(o.id) ?? null, after: o })),
          tx,
        );
        for (let k = 0; k < chunk.length; k++) tick();
      }
      for (const id of diffs.offers.removed) {
        await r.offers.delete(id);
        await audit('offers', id, diffs.offers.before.get(id)!, null);
        tick();
      }
      for (const id of diffs.providers.removed) {
        await r.providers.delete(id);
        await audit('providers', id, diffs.providers.before.get(id)!, null);
        tick();
      }
      for (const a of diffs.answers.write as AnswerRecord[]) await r.answers.upsert(toAnswer(a), at);
      for (const a of diffs.answers.write as AnswerRecord[]) {
        await r.answers.setFollowUps(a.id, a.followUps);
        await audit('answers', a.id, diffs.answers.before.get(a.id) ?? null, a);
        tick();
      }
      for (const id of diffs.answers.removed) {
        await r.answers.delete(id);
        await audit('answers', id, diffs.answers.before.get(id)!, null);
        tick();
      }
    });

    this.deps.logger.info({ actor: options.actor, action, offers: result.offers, providers: result.providers, answers: result.answers }, 'catalogue changed');
    // The CLI has no readers of its own: the running service follows the change feed.
    if (options.reindex !== false) await this.deps.afterCommit?.();
    return result;
  }

  private async exists(kind: CatalogueKind, id: string): Promise<boolean> {
    const table = kind === 'offers' ? 'offers' : kind === 'providers' ? 'providers' : 'answers';
    return Boolean(await this.db.get(`SELECT 1 FROM ${table} WHERE id = ?`, [id]));
  }
}

function summary(d: KindDiff): KindDiff {
  return { added: d.added, changed: d.changed, removed: d.removed, unchanged: d.unchanged };
}

/** Finds a town's id from its id, its name or a known other spelling, ignoring case and accents. */
function townResolver(towns: ReadonlyMap<string, Town>, aliases: Readonly<Record<string, readonly string[]>>): (value: string) => string | null {
  const byName = new Map<string, string>();
  for (const [id, town] of towns) {
    byName.set(normalizeText(id), id);
    byName.set(normalizeText(town.name), id);
    for (const alias of aliases[id] ?? []) byName.set(normalizeText(alias), id);
  }
  return (value) => (towns.has(value) ? value : (byName.get(normalizeText(value.trim())) ?? null));
}

/** Problems are listed sheet by sheet, row by row: the order a coordinator fixes them in. */
const KIND_ORDER: readonly CatalogueKind[] = ['offers', 'providers', 'answers'];
