import type { Activity } from 'botbuilder';
import { AppError } from '../errors';

/**
 * What a web chat client may have stored in its name. Every activity is kept with the
 * conversation and echoed to the page, so only what our page and Web Chat actually send is
 * kept, in bounded size: a chat message (the dialog reads 1,000 characters and says when a
 * message is longer), a button's or card's flat value, and Web Chat's own bookkeeping.
 */
export const MAX_TEXT_CHARS = 5000;
/** Far above a button value or Web Chat's channelData, far below what the body parser allows. */
export const MAX_PAYLOAD_CHARS = 16 * 1024;
/** Our values are flat; a little room for cards, none for walkers that recurse. */
export const MAX_PAYLOAD_DEPTH = 8;

const CLIENT_TYPES = new Set(['message', 'event', 'typing']);
const TEXT_FORMATS = new Set(['plain', 'markdown', 'xml']);

export type ClientActivityFields = Pick<Activity, 'type'> & Partial<Pick<Activity, 'text' | 'value' | 'name' | 'channelData' | 'locale' | 'textFormat'>> & { fromName?: string };

/** The fields of a posted activity that are stored; throws a 400 or 413 AppError for what is refused. */
export function readClientActivity(body: unknown): ClientActivityFields {
  const input = (body ?? {}) as Record<string, unknown> & { from?: { name?: unknown } };
  if (typeof input !== 'object' || Array.isArray(input) || !CLIENT_TYPES.has(String(input.type))) {
    throw new AppError('validationFailed', 'type must be message, event or typing');
  }
  if (input.text !== undefined && typeof input.text !== 'string') throw new AppError('validationFailed', 'text must be a string');
  checkPayload('value', input.value);
  checkPayload('channelData', input.channelData);
  return {
    type: input.type as string,
    text: typeof input.text === 'string' ? cut(input.text, MAX_TEXT_CHARS) : undefined,
    value: flatValue(input.value),
    name: typeof input.name === 'string' ? input.name.slice(0, 64) : undefined,
    channelData: webChatChannelData(input.channelData),
    locale: typeof input.locale === 'string' ? input.locale.slice(0, 16) : undefined,
    textFormat: typeof input.textFormat === 'string' && TEXT_FORMATS.has(input.textFormat) ? (input.textFormat as Activity['textFormat']) : undefined,
    fromName: typeof input.from?.name === 'string' ? input.from.name.slice(0, 64) : undefined,
  };
}

function checkPayload(field: string, value: unknown): void {
  if (value === undefined) return;
  const extent = jsonExtent(value, MAX_PAYLOAD_CHARS, MAX_PAYLOAD_DEPTH);
  if (extent === 'tooDeep') throw new AppError('validationFailed', `${field} is nested too deeply (at most ${MAX_PAYLOAD_DEPTH} levels).`);
  if (extent === 'tooLarge') throw new AppError('payloadTooLarge', `${field} may be at most ${MAX_PAYLOAD_CHARS / 1024} KB.`);
}

/**
 * Whether the JSON of `value` stays within `maxChars` and `maxDepth`, walked without recursion
 * and abandoned as soon as a limit is passed, so a hostile payload costs no more than the limit.
 * String lengths are counted unescaped: close enough for a limit.
 */
function jsonExtent(value: unknown, maxChars: number, maxDepth: number): 'ok' | 'tooDeep' | 'tooLarge' {
  let chars = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node !== null && typeof node === 'object') {
      if (depth >= maxDepth) return 'tooDeep';
      const keys = Array.isArray(node) ? null : Object.keys(node);
      const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
      chars += 2 + Math.max(0, children.length - 1) + (keys ?? []).reduce((n, key) => n + key.length + 3, 0);
      if (chars > maxChars) return 'tooLarge';
      for (const child of children) stack.push([child, depth + 1]);
    } else {
      chars += typeof node === 'string' ? node.length + 2 : String(node).length;
    }
    if (chars > maxChars) return 'tooLarge';
  }
  return 'ok';
}

type Primitive = string | number | boolean | null;
const isPrimitive = (v: unknown): v is Primitive => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Our page's events carry a string, our buttons and cards a flat object (`{ action, value }`);
 * anything else is no payload of ours and is dropped, the rest of the activity kept.
 */
function flatValue(value: unknown): unknown {
  if (value === undefined || isPrimitive(value)) return value;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.values(value as object).every(isPrimitive) ? value : undefined;
}

/** What Web Chat puts in channelData: matching its echo, showing a button's label, hiding a postBack. */
function webChatChannelData(data: unknown): Record<string, unknown> | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const input = data as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  if (typeof input.clientActivityID === 'string') kept.clientActivityID = input.clientActivityID.slice(0, 128);
  if (typeof input.clientTimestamp === 'string') kept.clientTimestamp = input.clientTimestamp.slice(0, 64);
  const displayText = (input.messageBack as { displayText?: unknown } | undefined)?.displayText;
  if (typeof displayText === 'string') kept.messageBack = { displayText: cut(displayText, 1000) };
  if (input.postBack === true) kept.postBack = true;
  return Object.keys(kept).length ? kept : undefined;
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
