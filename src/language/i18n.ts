import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import { AppError } from '../errors';
import { BoundedMemo } from '../text/boundedMemo';
import { LANGUAGES, SOURCE_LANGUAGE, type Lang } from './languages';

/** Translations kept per language: the locale files' strings, and values seen recently. */
const MAX_REMEMBERED = 5000;

export type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface Translator {
  /** Languages with a locale file; the bot answers only in these. */
  readonly languages: readonly Lang[];
  forLanguage(lang: Lang): Translate;
  dir(lang: Lang): 'ltr' | 'rtl';
}

/**
 * i18next with one JSON file per language in data/locales. Bot text is not HTML, so
 * escapeValue is off; user-supplied values are escaped by whoever renders them.
 * With `strict`, a missing key throws instead of echoing the key (tests run strict).
 */
export async function createTranslator(dataDir: string, options: { strict?: boolean } = {}): Promise<Translator> {
  const dir = path.join(dataDir, 'locales');
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  const languages: Lang[] = [];
  for (const lang of LANGUAGES) {
    const file = path.join(dir, `${lang}.json`);
    if (!fs.existsSync(file)) continue;
    try {
      resources[lang] = { translation: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
    } catch (err) {
      throw new AppError('configInvalid', `Locale file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    languages.push(lang);
  }
  if (!languages.includes(SOURCE_LANGUAGE)) throw new AppError('configInvalid', `Locale ${SOURCE_LANGUAGE}.json missing in ${dir}`);

  const instance: I18n = i18next.createInstance();
  await instance.init({
    resources,
    supportedLngs: [...languages],
    nonExplicitSupportedLngs: true,
    // German is the source: a key missing in another language shows German, never English.
    fallbackLng: SOURCE_LANGUAGE,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

  // One translate function per language, made once: a turn asks for several.
  const translators = new Map<Lang, Translate>();
  return {
    languages,
    forLanguage(lang: Lang): Translate {
      const known = translators.get(lang);
      if (known) return known;
      const t = instance.getFixedT(languages.includes(lang) ? lang : SOURCE_LANGUAGE);
      // A reply's strings are looked up once per language and values (a card's labels and
      // buttons, "3 km", "from 14 March"): i18next allocated some 150 KB a turn resolving them
      // again, and a plural or an interpolation cost it tens of microseconds each.
      // Values can come from outside (a town, a number typed): the memo is bounded.
      const translated = new BoundedMemo<string>(MAX_REMEMBERED);
      const translate: Translate = (key, values) =>
        translated.get(values ? `${key}\u0000${JSON.stringify(values)}` : key, () => {
          if (options.strict && !instance.exists(key, { ...values, lng: lang, fallbackLng: false } as never)) {
            throw new Error(`Missing translation key "${key}" for language ${lang}`);
          }
          return String(t(key, values ?? {}));
        });
      translators.set(lang, translate);
      return translate;
    },
    dir: (lang) => (instance.dir(lang) === 'rtl' ? 'rtl' : 'ltr'),
  };
}
