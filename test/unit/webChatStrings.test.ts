import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readWebChatStrings } from '../../src/http/webChatStrings';
import { DATA_DIR } from '../helpers/files';

/**
 * Web Chat's own strings we supply: every one a key Web Chat reads (a misspelt key would leave
 * its English in place), all of them for Farsi, with the placeholders Web Chat fills in.
 */
describe('Web Chat strings (data/webchat/strings.json)', () => {
  const strings = readWebChatStrings(DATA_DIR);
  const vendor = path.resolve(__dirname, '..', '..', 'public', 'vendor');
  const manifest = JSON.parse(fs.readFileSync(path.join(vendor, 'webchat.json'), 'utf8')) as { file: string };
  const bundle = fs.readFileSync(path.join(vendor, manifest.file), 'utf8');
  // Web Chat's English table holds every key; it is the object around "Bot attached:".
  const english = new Map<string, string>();
  {
    const at = bundle.indexOf('ACTIVITY_BOT_ATTACHED_ALT:"Bot attached:"');
    let start = at;
    for (let depth = 0; start > 0; start--) {
      if (bundle[start] === '}') depth++;
      if (bundle[start] === '{' && depth-- === 0) break;
    }
    let end = start;
    for (let depth = 0; end < bundle.length; end++) {
      if (bundle[end] === '{') depth++;
      if (bundle[end] === '}' && --depth === 0) break;
    }
    for (const m of bundle.slice(start, end).matchAll(/[{,]([A-Z][A-Z0-9_]+):"((?:[^"\\]|\\.)*)"/g)) english.set(m[1]!, m[2]!);
  }

  it('overrides only keys Web Chat has', () => {
    for (const [lang, table] of Object.entries(strings)) {
      for (const key of Object.keys(table)) assert.ok(english.has(key), `${lang}: ${key} is no Web Chat string`);
    }
  });

  it('gives Farsi every string a newcomer sees or hears: no English status or screen-reader label', () => {
    const farsi = strings.fa ?? {};
    for (const key of ['ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT', 'ACTIVITY_BOT_ATTACHED_ALT', 'TEXT_INPUT_ALT', 'CAROUSEL_FLIPPER_NEXT_ALT', 'SUGGESTED_ACTIONS_LABEL_ALT']) {
      assert.ok(farsi[key], `fa lacks ${key}`);
    }
    assert.ok(Object.keys(farsi).length >= 110, `fa has ${Object.keys(farsi).length} strings`);
    // Key names (Alt, Shift, Enter …) and Web Chat's [RETRY] link stay in Latin letters; no English words.
    const keyNames = /\b(Alt|Shift|Control|Option|Enter|Tab|Esc|Escape|Space|RETRY)\b/g;
    for (const [key, value] of Object.entries(farsi)) assert.doesNotMatch(value.replace(keyNames, ''), /[A-Za-z]{3,}/, `${key}: ${value}`);
  });

  it('keeps Web Chat’s placeholders ($1, [RETRY]) in every translation', () => {
    const marks = (text: string) => [...text.matchAll(/\$\d|\[[A-Z]+\]/g)].map((m) => m[0]).sort();
    for (const [lang, table] of Object.entries(strings)) {
      for (const [key, value] of Object.entries(table)) {
        const original = english.get(key);
        if (original !== undefined) assert.deepEqual(marks(value), marks(original), `${lang} ${key}: "${value}" vs "${original}"`);
      }
    }
  });
});
