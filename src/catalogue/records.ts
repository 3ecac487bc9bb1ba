import { z } from 'zod';
import { AUDIENCES, CATEGORY_IDS, LEVELS, OFFER_STATUSES, type Answer, type Offer, type Provider } from './types';
import { LANGUAGES, type Lang } from '../language/languages';
import { writeCost } from './cost';
import { cleanMap } from './localized';
import { costFromText, scheduleFromText } from './offerTexts';
import { writeSchedule } from './schedule';

/**
 * The catalogue as clients see it (DESIGN.md): `town` instead of the stored `townId`. One
 * schema per kind validates the REST API, the JSON import and every spreadsheet row; messages
 * are German because coordinators read them.
 */
const de = z.locales.de().localeError;
// One kind of line break, whatever the sheet or system used: XLSX keeps only LF anyway.
const text = z
  .string()
  .overwrite((s) => s.replace(/\r\n?/g, '\n'))
  .trim();
const optionalText = text.max(5000, 'höchstens 5000 Zeichen').default('');
const id = z
  .string({ error: 'Die ID fehlt.' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Die ID darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (z. B. „vhs-deutsch-a1“).');
const ref = z.string({ error: 'fehlt' }).trim().min(1, 'fehlt');
/** A yes/no cell, with the value that was there and what is allowed (spreadsheets say „vielleicht“). */
const yesNo = () =>
  z
    .boolean({ error: (issue) => `„${String(issue.input).slice(0, 40)}“ ist kein Ja/Nein. Erlaubt: ja, nein (auch x, 1, 0, true, false oder leer).` })
    .default(false);
const localized = (what: string, required: boolean) =>
  z
    .object(Object.fromEntries(LANGUAGES.map((l) => [l, text.max(5000, 'höchstens 5000 Zeichen').optional()])) as Record<Lang, z.ZodOptional<z.ZodString>>, {
      error: `${what} fehlt.`,
    })
    .strict()
    .superRefine((v, ctx) => {
      if (required && !v.de) ctx.addIssue({ code: 'custom', path: ['de'], message: `${what} auf Deutsch fehlt.` });
    });
/** A note per language; older files and clients send one German string, which still counts. */
const textMap = (what: string) =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() ? { de: v } : {}) : v), localized(what, false)).default({});
const date = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum als JJJJ-MM-TT (z. B. 2026-12-31) oder TT.MM.JJJJ angeben.')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'Dieses Datum gibt es nicht.');
const url = z
  .string()
  .trim()
  .refine((u) => /^https?:\/\/[^\s<>"]+$/i.test(u), 'Die Adresse muss mit http:// oder https:// beginnen.');

export const offerRecordSchema = z
  .object({
    id,
    status: z.enum(OFFER_STATUSES, { error: 'Status ist „active“ oder „inactive“.' }).default('active'),
    categories: z.array(z.enum(CATEGORY_IDS, { error: () => `Unbekanntes Thema. Erlaubt: ${CATEGORY_IDS.join(', ')}.` })).min(1, 'Mindestens ein Thema angeben.'),
    town: ref,
    providerId: ref,
    title: localized('Der Titel', true),
    summary: localized('Die Beschreibung', false).default({}),
    address: optionalText,
    // Typed as coordinators write them and read into data (schedule.ts, cost.ts); what is not
    // read joins the German note.
    schedule: optionalText,
    scheduleNote: localized('Der Hinweis zu den Zeiten', false).default({}),
    cost: optionalText,
    costNote: localized('Der Hinweis zu den Kosten', false).default({}),
    free: yesNo(),
    levels: z.array(z.enum(LEVELS, { error: 'Sprachniveau ist A1, A2, B1, B2, C1 oder C2.' })).default([]),
    childcare: yesNo(),
    womenOnly: yesNo(),
    evening: yesNo(),
    mode: z.enum(['onsite', 'online', 'phone'], { error: 'Form ist „onsite“, „online“ oder „phone“.' }).default('onsite'),
    instructionLanguages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'Sprachen als Kürzel, z. B. de, en, uk.')).default(['de']),
    audiences: z.array(z.enum(AUDIENCES, { error: () => `Unbekannte Zielgruppe. Erlaubt: ${AUDIENCES.join(', ')}.` })).default([]),
    targetGroup: textMap('Die Zielgruppe'),
    contact: textMap('Der Kontakt'),
    url: url.nullable().default(null),
    validUntil: date.nullable().default(null),
    sample: yesNo(),
    source: optionalText,
  })
  .strict();

export const providerRecordSchema = z
  .object({
    id,
    name: text.min(1, 'Der Name fehlt.').max(300),
    type: optionalText,
    town: ref,
    address: optionalText,
    phone: text.max(100).nullable().default(null),
    email: z.email('Keine gültige E-Mail-Adresse.').nullable().default(null),
    website: url.nullable().default(null),
    description: localized('Die Beschreibung', false).default({}),
    counselling: yesNo(),
    source: optionalText,
  })
  .strict();

export const answerRecordSchema = z
  .object({
    id,
    category: z.enum(CATEGORY_IDS, { error: () => `Unbekanntes Thema. Erlaubt: ${CATEGORY_IDS.join(', ')}.` }),
    questions: z
      .object(Object.fromEntries(LANGUAGES.map((l) => [l, z.array(text.min(1).max(500)).optional()])) as Record<Lang, z.ZodOptional<z.ZodArray<z.ZodString>>>)
      .strict()
      .refine((q) => (q.de?.length ?? 0) > 0, { message: 'Mindestens eine Frage auf Deutsch angeben.', path: ['de'] }),
    answer: localized('Die Antwort', true),
    followUps: z.array(id).default([]),
    source: optionalText,
  })
  .strict();

export type OfferRecord = z.infer<typeof offerRecordSchema>;
export type ProviderRecord = z.infer<typeof providerRecordSchema>;
export type AnswerRecord = z.infer<typeof answerRecordSchema>;
export type CatalogueKind = 'offers' | 'providers' | 'answers';
export const KINDS: readonly CatalogueKind[] = ['offers', 'providers', 'answers'];

/** One problem, where a coordinator can find it: the row (1 = header) or list index, and the field. */
export interface Problem {
  kind: CatalogueKind;
  row: number;
  field: string;
  message: string;
}

export function parseRecord<K extends CatalogueKind>(
  kind: K,
  value: unknown,
  row: number,
): { ok: true; record: K extends 'offers' ? OfferRecord : K extends 'providers' ? ProviderRecord : AnswerRecord } | { ok: false; problems: Problem[] } {
  const schema = kind === 'offers' ? offerRecordSchema : kind === 'providers' ? providerRecordSchema : answerRecordSchema;
  const parsed = schema.safeParse(value, { error: de });
  if (parsed.success) return { ok: true, record: parsed.data as never };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      kind,
      row,
      // An unknown key inside a language map names its place: "scheduleNote.tr", not "tr".
      field: issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')).join(', ') : issue.path.join('.') || '(Zeile)',
      message: issue.code === 'unrecognized_keys' ? `Unbekanntes Feld: ${issue.keys.join(', ')}` : issue.message,
    })),
  };
}

export const toOffer = (r: OfferRecord): Offer => {
  const { town, schedule, scheduleNote, cost, costNote, ...rest } = r;
  const when = scheduleFromText(schedule, scheduleNote);
  const price = costFromText(cost, costNote);
  return {
    ...rest,
    townId: town,
    title: { ...r.title, de: r.title.de ?? '' },
    summary: { ...r.summary, de: r.summary.de ?? '' },
    schedule: when.schedule,
    scheduleNote: when.note,
    cost: price.cost,
    costNote: price.note,
    targetGroup: cleanMap(r.targetGroup),
    contact: cleanMap(r.contact),
  };
};
export const fromOffer = (o: Offer): OfferRecord => {
  const { townId, ...rest } = o;
  return {
    ...rest,
    town: townId,
    title: cleanMap(o.title),
    summary: cleanMap(o.summary),
    schedule: writeSchedule(o.schedule),
    scheduleNote: cleanMap(o.scheduleNote),
    cost: writeCost(o.cost),
    costNote: cleanMap(o.costNote),
    targetGroup: cleanMap(o.targetGroup),
    contact: cleanMap(o.contact),
  };
};
export const toProvider = (r: ProviderRecord): Provider => {
  const { town, ...rest } = r;
  return { ...rest, townId: town, description: { ...r.description, de: r.description.de ?? '' } };
};
export const fromProvider = (p: Provider): ProviderRecord => {
  const { townId, ...rest } = p;
  return { ...rest, town: townId, description: cleanMap(p.description) };
};
export const toAnswer = (r: AnswerRecord): Answer => ({ ...r, answer: { ...r.answer, de: r.answer.de ?? '' } });
export const fromAnswer = (a: Answer): AnswerRecord => ({ ...a, answer: cleanMap(a.answer) });

