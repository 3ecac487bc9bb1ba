import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { User } from '../auth/users';
import { CatalogueRejected, type CatalogueService } from '../catalogue/catalogueService';
import type { UnansweredQuestions } from '../catalogue/unanswered';
import { importFile, type ImportFormat } from '../catalogue/importFile';
import { toOffer, type CatalogueKind } from '../catalogue/records';
import { FIELDS, recordToRow, toCsv, toXlsx } from '../catalogue/tabular';
import { CATEGORY_IDS, OFFER_STATUSES } from '../catalogue/types';
import { LANGUAGES } from '../language/languages';
import { offerCard } from '../channels/offerCards';
import { AppError } from '../errors';
import type { Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import type { SearchService } from '../search/searchService';
import type { StaffAuth } from './authRoutes';
import { sendError } from './errors';
import { matchesAllWords } from '../text/wordMatch';
import { parseOrThrow } from './validate';

/** Largest import accepted; 10,000 offers in six languages fit several times over. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const IMPORT_PATH = '/api/catalogue/import';

const COORDINATOR = ['coordinator'] as const;
const kindParam = z.enum(['offers', 'providers', 'answers']);
const paging = { offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(50) };
const offerQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.enum(CATEGORY_IDS).optional(),
  town: z.string().max(64).optional(),
  status: z.enum(OFFER_STATUSES).optional(),
  provider: z.string().max(64).optional(),
  flag: z.enum(['expired', 'unconfirmed', 'untranslated', 'outdated']).optional(),
  ...paging,
});
const simpleQuery = z.object({ q: z.string().max(200).optional(), ...paging });
const importQuery = z.object({
  format: z.enum(['csv', 'xlsx', 'json']).optional(),
  kind: kindParam.optional(),
  mode: z.enum(['upsert', 'replace']).default('upsert'),
  dryRun: z.enum(['true', 'false', '1', '0']).default('false'),
});
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('csv'), kind: kindParam.default('offers') });
const dismissBody = z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) });
const assignBody = dismissBody.extend({ answerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) });
const previewQuery = z.object({ lang: z.enum(LANGUAGES).default('de') });

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function idParam(req: Request): string {
  const id = String(req.params?.id ?? '');
  if (!ID.test(id)) throw new AppError('notFound', 'Diesen Eintrag gibt es nicht.');
  return id;
}

/** The upload as bytes, refusing more than the limit without reading it all. */
async function readBody(req: Request): Promise<Buffer> {
  const declared = Number(req.header('content-length') ?? 0);
  if (declared > MAX_IMPORT_BYTES) throw new AppError('payloadTooLarge', `Die Datei ist größer als ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES) throw new AppError('payloadTooLarge', `Die Datei ist größer als ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function formatOf(req: Request, asked?: ImportFormat): ImportFormat {
  if (asked) return asked;
  const type = String(req.header('content-type') ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('spreadsheetml') || type.includes('excel')) return 'xlsx';
  return 'csv';
}

function download(res: Response, name: string, type: string, body: Buffer | string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.sendRaw(200, body);
}

/** `/api/catalogue/...` of DESIGN.md: CRUD, import, export, review; coordinators only. */
export function registerCatalogueRoutes(
  server: Server,
  deps: { catalogue: CatalogueService; unanswered: UnansweredQuestions; auth: StaffAuth; search: SearchService; translator: Translator; logger: Logger },
): void {
  const route =
    (handler: (req: Request, res: Response, user: User) => Promise<void>) =>
    async (req: Request, res: Response) => {
      try {
        const user = await deps.auth.require(req, COORDINATOR);
        await handler(req, res, user);
      } catch (err) {
        // An import refused before its body was read (no token, bad query): discard the rest of it.
        if (!req.complete) req.resume();
        if (err instanceof CatalogueRejected) {
          res.send(422, { error: { code: 'importRejected', message: err.message, rows: err.problems } });
          return;
        }
        sendError(res, err, deps.logger);
      }
    };

  server.get('/api/catalogue/offers', route(async (req, res) => {
    const q = parseOrThrow(offerQuery, req.query);
    res.send(200, await deps.catalogue.listOffers(q));
  }));
  for (const kind of ['providers', 'answers'] as const) {
    server.get(`/api/catalogue/${kind}`, route(async (req, res) => {
      const q = parseOrThrow(simpleQuery, req.query);
      const needle = q.q?.trim() ?? '';
      const all = (await deps.catalogue.all())[kind].filter((r) => !needle || matchesAllWords(needle, Object.values(r).flatMap(flatText).join(' ')));
      res.send(200, { items: all.slice(q.offset, q.offset + q.limit), total: all.length });
    }));
  }
  for (const kind of ['offers', 'providers', 'answers'] as const) {
    server.get(`/api/catalogue/${kind}/:id`, route(async (req, res) => {
      const id = idParam(req);
      const record = await deps.catalogue.get(kind, id);
      res.send(200, kind === 'offers' ? { ...record, review: (await deps.catalogue.reviewStates()).get(id) } : record);
    }));
    server.post(`/api/catalogue/${kind}`, route(async (req, res, user) => {
      res.send(201, await deps.catalogue.create(kind, req.body, user.id));
    }));
    server.put(`/api/catalogue/${kind}/:id`, route(async (req, res, user) => {
      res.send(200, await deps.catalogue.update(kind, idParam(req), req.body, user.id));
    }));
    server.del(`/api/catalogue/${kind}/:id`, route(async (req, res, user) => {
      await deps.catalogue.delete(kind, idParam(req), user.id);
      res.send(204);
    }));
  }
  server.post('/api/catalogue/offers/:id/confirm', route(async (req, res, user) => {
    res.send(200, await deps.catalogue.confirm(idParam(req), user.id));
  }));

  server.get('/api/catalogue/offers/:id/preview', route(async (req, res) => {
    const { lang } = parseOrThrow(previewQuery, req.query);
    const offer = toOffer((await deps.catalogue.get('offers', idParam(req))) as never);
    const card = offerCard({ offer, score: 1, distanceKm: null, why: [] }, lang, deps.translator.forLanguage(lang), {
      getProvider: (id) => deps.search.getProvider(id),
      towns: deps.search.towns,
    });
    res.send(200, { lang, card: card.content });
  }));

  server.get('/api/catalogue/review', route(async (_req, res) => {
    const states = await deps.catalogue.reviewStates();
    const expired: string[] = [];
    const unconfirmed: string[] = [];
    const translations: Record<string, { missing: string[]; outdated: string[] }> = {};
    for (const [id, s] of states) {
      if (s.expired) expired.push(id);
      if (s.unconfirmed) unconfirmed.push(id);
      for (const [lang, state] of Object.entries(s.translations)) {
        const entry = (translations[lang] ??= { missing: [], outdated: [] });
        if (state === 'missing') entry.missing.push(id);
        if (state === 'outdated') entry.outdated.push(id);
      }
    }
    res.send(200, { offers: states.size, expired, unconfirmed, translations });
  }));

  server.get('/api/catalogue/unanswered', route(async (_req, res) => {
    const groups = await deps.unanswered.groups();
    res.send(200, { groups, total: groups.reduce((n, g) => n + g.count, 0) });
  }));
  server.post('/api/catalogue/unanswered/assign', route(async (req, res, user) => {
    const { ids, answerId } = parseOrThrow(assignBody, req.body);
    res.send(200, { answer: await deps.unanswered.assign(ids, answerId, deps.catalogue, user.id) });
  }));
  server.post('/api/catalogue/unanswered/dismiss', route(async (req, res) => {
    const { ids } = parseOrThrow(dismissBody, req.body);
    await deps.unanswered.dismiss(ids);
    res.send(204);
  }));

  server.post(IMPORT_PATH, route(async (req, res, user) => {
    // The body first: answering before it is read would reset the connection under the sender.
    const bytes = await readBody(req);
    const q = parseOrThrow(importQuery, req.query);
    const result = await importFile(deps.catalogue, bytes, {
      format: formatOf(req, q.format),
      kind: q.kind,
      mode: q.mode,
      dryRun: q.dryRun === 'true' || q.dryRun === '1',
      actor: user.id,
    });
    res.send(200, result);
  }));

  server.get('/api/catalogue/export', route(async (req, res) => {
    const { format, kind } = parseOrThrow(exportQuery, req.query);
    const all = await deps.catalogue.all();
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'json') return download(res, `katalog-${stamp}.json`, 'application/json; charset=utf-8', JSON.stringify(all, null, 2));
    if (format === 'xlsx') {
      const sheets = Object.fromEntries((['offers', 'providers', 'answers'] as const).map((k) => [k, (all[k] as never[]).map((r) => recordToRow(k, r))]));
      return download(res, `katalog-${stamp}.xlsx`, XLSX_TYPE, await toXlsx(sheets));
    }
    download(res, `${kind}-${stamp}.csv`, 'text/csv; charset=utf-8', toCsv(kind, (all[kind] as never[]).map((r) => recordToRow(kind, r))));
  }));

  server.get('/api/catalogue/template', route(async (req, res) => {
    const { format, kind } = parseOrThrow(exportQuery, req.query);
    const example = exampleRow(kind as CatalogueKind);
    if (format === 'xlsx') {
      return download(res, 'vorlage.xlsx', XLSX_TYPE, await toXlsx({ offers: [exampleRow('offers')], providers: [exampleRow('providers')], answers: [exampleRow('answers')] }));
    }
    download(res, `vorlage-${kind}.csv`, 'text/csv; charset=utf-8', toCsv(kind, [example]));
  }));
}

/**
 * One filled-in row per kind, so the template shows how cells are written. Each is valid as it
 * stands (a dry run of the template passes): the offer names a provider of the seed catalogue.
 */
function exampleRow(kind: CatalogueKind): Record<string, string> {
  const empty = Object.fromEntries(FIELDS[kind].map((f) => [f.column, '']));
  if (kind === 'offers') {
    return { ...empty, id: 'beispiel-deutschkurs-a1', status: 'active', categories: 'german-course', town: 'freiberg', providerId: 'p-vhs-fg', title_de: 'Deutschkurs A1 am Abend', summary_de: 'Kurs für Anfänger, zweimal pro Woche.', schedule: 'Di+Do 18:00–20:00', cost: 'kostenlos', free: 'ja', levels: 'A1', evening: 'ja', childcare: 'nein', womenOnly: 'nein', mode: 'onsite', instructionLanguages: 'de', validUntil: '31.12.2030', sample: 'nein' };
  }
  if (kind === 'providers') return { ...empty, id: 'beispiel-traeger', name: 'Beispiel-Bildungsträger', town: 'doebeln', counselling: 'nein', description_de: 'Kurse und Beratung.' };
  return { ...empty, id: 'beispiel-antwort', category: 'integration-course', questions_de: 'Wer bezahlt den Kurs? | Kosten Integrationskurs', answer_de: 'Die Kosten übernimmt …' };
}

/** Every string in a record (names, texts in each language, question variants), for word search. */
function flatText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(flatText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(flatText);
  return [];
}
