import { detectAll as detectByNgrams, detect as detectAmong } from 'tinyld';
import { isLang, type Lang } from '../catalogue/types';
import { toTokens } from '../text/normalize';

export interface Detection {
  lang: Lang;
  /** 0..1; below 0.5 the caller should keep the language it already had. */
  confidence: number;
}

/** A message clearly written in a language the product does not speak (Turkish, French...). */
export interface ForeignDetection {
  foreign: string;
  confidence: number;
}

export function isForeign(d: Detection | ForeignDetection | null): d is ForeignDetection {
  return d !== null && 'foreign' in d;
}

// Letters only one language of a script uses. Persian keyboards type ی and ک, Arabic ones ي and ك.
const PERSIAN_ONLY = /[پچژگیک]/g;
const ARABIC_ONLY = /[ةيكى]/g;
const UKRAINIAN_ONLY = /[іїєґІЇЄҐ]/g;
const RUSSIAN_ONLY = /[ыэъёЫЭЪЁ]/g;
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const CYRILLIC = /[\u0400-\u04FF]/g;
const LATIN = /[A-Za-z\u00C0-\u024F]/g;

/** Frequent words that give a short Latin-script question away. */
const LATIN_MARKERS: Record<'de' | 'en', ReadonlySet<string>> = {
  de: new Set(
    'ich du wir sie der die das den dem ein eine einen und oder ist sind bin gibt es wo was wie wer wann welche für fur mit von zu zum zur bei nach kann können konnen möchte mochte muss brauche suche mein meine kind kinder nicht auch kurs kurse deutsch lernen arbeit schule hallo danke bitte abends kostenlos gibts guten tag'.split(
      ' ',
    ),
  ),
  en: new Set(
    'i you we they the a an and or is are am there where what how who when which for with from to at near can could would need want looking find my child children not also course courses german learn work school hello thanks please evening free good morning there any get do does'.split(
      ' ',
    ),
  ),
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Guesses the language of a short message. Script decides first; within Cyrillic and Arabic
 * script the letters that only one language uses decide. Latin script is German or English
 * by marker words; anything else (Turkish, French...) comes back with low confidence.
 */
/** Words of single-word lexicon terms that only one of German and English lists. */
export function latinMarkersFrom(terms: readonly { tokens: string[]; lang: Lang }[]): Record<'de' | 'en', Set<string>> {
  const seen = new Map<string, Set<Lang>>();
  for (const t of terms) {
    if (t.tokens.length !== 1 || (t.lang !== 'de' && t.lang !== 'en')) continue;
    const word = t.tokens[0]!;
    seen.set(word, (seen.get(word) ?? new Set()).add(t.lang));
  }
  const out = { de: new Set<string>(), en: new Set<string>() };
  for (const [word, langs] of seen) if (langs.size === 1) out[[...langs][0] as 'de' | 'en'].add(word);
  return out;
}

/**
 * Language detection with the marker words of the product's own lexicon added to the fixed
 * ones, so "Alphakurs" counts as German and "apprenticeship" as English.
 */
export class LanguageDetector {
  private readonly markers: Record<'de' | 'en', ReadonlySet<string>>;

  constructor(extra: Record<'de' | 'en', ReadonlySet<string>> = { de: new Set(), en: new Set() }) {
    this.markers = {
      de: new Set([...LATIN_MARKERS.de, ...extra.de]),
      en: new Set([...LATIN_MARKERS.en, ...extra.en]),
    };
  }

  detect(text: string): Detection | null {
    const result = this.detectOrForeign(text);
    return isForeign(result) ? null : result;
  }

  detectOrForeign(text: string): Detection | ForeignDetection | null {
    return detectWith(text, this.markers);
  }
}

const defaultDetector = new LanguageDetector();

/** Detection with the built-in marker words only (for callers without a lexicon). */
export function detectLanguage(text: string): Detection | null {
  return defaultDetector.detect(text);
}

/**
 * Like detectLanguage, but tells a message in another language apart from one too short to
 * tell. Within Latin script, marker words decide when they can; otherwise the tinyld n-gram
 * detector (chosen by measurement, see the README) decides between German and English, and a
 * confident vote for a third language marks the message as foreign.
 */
function detectWith(text: string, markers: Record<'de' | 'en', ReadonlySet<string>>): Detection | ForeignDetection | null {
  const arabicScript = count(text, ARABIC_SCRIPT);
  const cyrillic = count(text, CYRILLIC);
  const latin = count(text, LATIN);
  const letters = arabicScript + cyrillic + latin;
  if (letters === 0) return null;

  // A German course name inside an Arabic sentence is still Arabic: the script with the most
  // letters wins, unless Latin letters clearly dominate.
  if (arabicScript >= cyrillic && arabicScript * 3 >= latin && arabicScript > 0) {
    const persian = count(text, PERSIAN_ONLY);
    const arabic = count(text, ARABIC_ONLY);
    if (persian > arabic) return { lang: 'fa', confidence: 0.9 };
    if (arabic > persian) return { lang: 'ar', confidence: 0.9 };
    return { lang: 'ar', confidence: 0.6 };
  }
  if (cyrillic > 0 && cyrillic * 3 >= latin) {
    const uk = count(text, UKRAINIAN_ONLY);
    const ru = count(text, RUSSIAN_ONLY);
    if (uk > ru) return { lang: 'uk', confidence: 0.9 };
    if (ru > uk) return { lang: 'ru', confidence: 0.9 };
    return { lang: 'ru', confidence: 0.6 };
  }
  const tokens = toTokens(text);
  const de = tokens.filter((t) => markers.de.has(t)).length;
  const en = tokens.filter((t) => markers.en.has(t)).length;
  const [top] = detectByNgrams(text);
  if (de + en === 0 && top && !isLang(top.lang) && top.accuracy >= 0.5 && tokens.length >= 3) {
    return { foreign: top.lang, confidence: top.accuracy };
  }
  if (de !== en) {
    const winner: Lang = de > en ? 'de' : 'en';
    const margin = Math.abs(de - en) / Math.max(de, en);
    if (margin >= 0.5) return { lang: winner, confidence: Math.min(0.95, 0.5 + margin * 0.45) };
  }
  const guess = detectAmong(text, { only: ['de', 'en'] });
  if (guess === 'de' || guess === 'en') return { lang: guess, confidence: 0.6 };
  return de + en === 0 ? null : { lang: de >= en ? 'de' : 'en', confidence: 0.4 };
}

/** The detector the product uses: built-in markers plus the lexicon's language-specific words. */
export function detectorFor(terms: readonly { tokens: string[]; lang: Lang }[]): LanguageDetector {
  return new LanguageDetector(latinMarkersFrom(terms));
}
