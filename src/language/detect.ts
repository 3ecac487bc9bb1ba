import type { Lang } from '../catalogue/types';
import { toTokens } from '../text/normalize';

export interface Detection {
  lang: Lang;
  /** 0..1; below 0.5 the caller should keep the language it already had. */
  confidence: number;
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
export function detectLanguage(text: string): Detection | null {
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
  const de = tokens.filter((t) => LATIN_MARKERS.de.has(t)).length + (/[äöüß]/i.test(text) ? 1 : 0);
  const en = tokens.filter((t) => LATIN_MARKERS.en.has(t)).length;
  if (de === en) return de === 0 ? null : { lang: 'de', confidence: 0.4 };
  const winner: Lang = de > en ? 'de' : 'en';
  const margin = Math.abs(de - en) / Math.max(de, en);
  return { lang: winner, confidence: Math.min(0.95, 0.5 + margin * 0.45) };
}
