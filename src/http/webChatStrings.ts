import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isLang, type Lang } from '../language/languages';

/** Web Chat's own UI strings (screen-reader labels, statuses) per language, where it lacks them. */
export type WebChatStrings = Partial<Record<Lang, Record<string, string>>>;

const file = z.record(z.string(), z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string().max(500)));

/**
 * Web Chat 4.18 has no Farsi at all (a Farsi newcomer's screen reader said "Sent at …", "Bot
 * attached") and lacks a few newer strings in the other languages: `data/webchat/strings.json`
 * holds ours. Read once at start; a broken file stops the start rather than show English.
 */
export function readWebChatStrings(dataDir: string): WebChatStrings {
  const parsed = file.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'webchat', 'strings.json'), 'utf8')));
  const strings: WebChatStrings = {};
  for (const [lang, table] of Object.entries(parsed)) {
    if (!isLang(lang)) throw new Error(`data/webchat/strings.json: unknown language "${lang}"`);
    strings[lang] = table;
  }
  return strings;
}
