import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTranslator } from '../../src/language/i18n';
import { DATA_DIR } from '../helpers/files';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Plural suffixes differ by language (Arabic has six), so compare keys without them. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/{{\s*([\w.]+)\s*}}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  const dir = path.join(DATA_DIR, 'locales');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  const source = flatten(JSON.parse(fs.readFileSync(path.join(dir, 'de.json'), 'utf8')) as Tree);
  const sourceKeys = new Set([...source.keys()].map(baseKey));

  for (const file of files) {
    const lang = file.replace('.json', '');
    it(`${lang} has every key of German with the same placeholders, and nothing extra`, () => {
      const strings = flatten(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Tree);
      const keys = new Set([...strings.keys()].map(baseKey));
      assert.deepEqual([...sourceKeys].filter((k) => !keys.has(k)), [], 'missing keys');
      assert.deepEqual([...keys].filter((k) => !sourceKeys.has(k)), [], 'keys not in German');
      for (const [key, text] of strings) {
        const german = source.get(key) ?? source.get(`${baseKey(key)}_other`) ?? '';
        // `n` is the count in the language's digits: "جلسة واحدة" (one session) need not repeat it.
        const counts = key === baseKey(key) ? ['count'] : ['count', 'n'];
        assert.deepEqual(
          placeholders(text).filter((p) => !counts.includes(p!)),
          placeholders(german).filter((p) => !counts.includes(p!)),
          `placeholders of ${lang}:${key}`,
        );
        assert.ok(text.trim().length > 0, `${lang}:${key} is empty`);
      }
    });
  }

  for (const file of files) {
    const lang = file.replace('.json', '');
    it(`${lang} has every plural form its language needs (Arabic six, Ukrainian and Russian four)`, () => {
      const strings = flatten(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Tree);
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = [...source.keys()].filter((k) => k.endsWith('_other')).map(baseKey);
      assert.ok(plurals.length > 0);
      for (const key of plurals) {
        for (const form of needed) assert.ok(strings.has(`${key}_${form}`), `${lang}:${key}_${form}`);
      }
    });
  }

  it('throws on a missing key in strict mode instead of echoing the key', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    assert.throws(() => translator.forLanguage('de')('no.such.key'), /Missing translation key/);
  });

  it('uses plural forms with the count', async () => {
    const t = (await createTranslator(DATA_DIR, { strict: true })).forLanguage('de');
    assert.match(t('search.found', { count: 1 }), /ein passendes Angebot/);
    assert.match(t('search.found', { count: 7 }), /7 passende Angebote/);
  });

  it('gives each language and each set of values its own text when asked again', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const [de, uk] = [translator.forLanguage('de'), translator.forLanguage('uk')];
    for (let round = 0; round < 2; round++) {
      assert.equal(de('card.distance', { km: 3 }), '3 km entfernt');
      assert.equal(de('card.distance', { km: 12 }), '12 km entfernt');
      assert.match(de('search.found', { count: 1 }), /ein passendes Angebot/);
      assert.match(de('search.found', { count: 4 }), /4 passende Angebote/);
      assert.notEqual(uk('card.distance', { km: 3 }), de('card.distance', { km: 3 }));
      assert.notEqual(uk('search.sampleNote'), de('search.sampleNote'));
    }
  });

  it('does not HTML-escape values: bot text is markdown, not HTML', async () => {
    const t = (await createTranslator(DATA_DIR, { strict: true })).forLanguage('de');
    assert.match(t('search.noneInTown', { town: 'Döbeln & Umgebung' }), /Döbeln & Umgebung/);
  });
});
