import type * as Tinyld from 'tinyld';
import { isLang, LANGUAGES, type Lang } from './languages';
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

type Markers = Record<Lang, ReadonlySet<string>>;

/**
 * tinyld's n-gram model takes about 0.3 s to load, a tenth of a start, and is asked only when
 * letters and marker words do not decide; so it is loaded on first use (or by `preloadLanguageModel`).
 */
let tinyld: typeof Tinyld | undefined;
const ngramModel = (): typeof Tinyld => (tinyld ??= require('tinyld') as typeof Tinyld);

/** Loads the n-gram model now, so the first newcomer whose message needs it does not wait for it. */
export function preloadLanguageModel(): void {
  ngramModel();
}

/** Each script we read is shared by two of our languages; letters only one of them uses decide first. */
const SCRIPTS: { letters: RegExp; pair: [Lang, Lang]; only: [RegExp, RegExp]; leaning?: [RegExp, RegExp] }[] = [
  // پ چ ژ گ exist only in Persian. ي/ك against ی/ک only leans: Afghans often type Persian on
  // Arabic keyboards, so marker words get to speak first.
  {
    letters: /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g,
    pair: ['ar', 'fa'],
    only: [/[ةإؤ]/g, /[پچژگ]/g],
    leaning: [/[يكى]/g, /[یک]/g],
  },
  { letters: /[\u0400-\u04FF]/g, pair: ['uk', 'ru'], only: [/[іїєґІЇЄҐ]/g, /[ыэъёЫЭЪЁ]/g] },
  // Umlauts and ß outside place names lean German; English questions name Döbeln and Flöha too.
  { letters: /[A-Za-z\u00C0-\u024F]/g, pair: ['de', 'en'], only: [/(?!)/g, /(?!)/g], leaning: [/[äöüßÄÖÜ]/g, /(?!)/g] },
];

/** Frequent words that give a short question away, besides the lexicon's own words. */
const BUILT_IN_MARKERS: Record<Lang, string> = {
  de: 'ich du wir sie der die das den dem ein eine einen und oder ist sind bin gibt es wo was wie wer wann welche für mit von zu zum zur bei nach kann können möchte muss brauche suche mein meine kind kinder nicht auch kurs kurse deutsch lernen arbeit schule hallo danke bitte abends kostenlos gibts guten tag',
  en: 'i you we they the a an and or is are am there where what how who when which for with from to at near can could would need want looking find my child children not also course courses german learn work school hello thanks please evening free good morning any get do does',
  uk: 'де як що я мені мене ви ми він вона це є чи хочу можна потрібно треба дитина дитини робота роботу курси німецької мови будь ласка привіт дякую',
  ru: 'где как что я мне меня вы мы он она это есть ли хочу можно нужно надо ребенок ребенка работа работу курсы немецкого языка пожалуйста привет спасибо',
  ar: 'أين اين في من إلى الى على هل ما ماذا كيف أنا انا أريد اريد يمكنني عن مع هذا التي الذي لغة دورة العمل مرحبا شكرا',
  fa: 'کجا در از به با برای که را من ما آیا چطور چگونه چه است هست یک این آن میخواهم می‌خواهم میتوانم زبان کار سلام ممنون',
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Words of single-word lexicon terms that only one language of their script lists. */
export function markersFrom(terms: readonly { tokens: string[]; lang: Lang }[]): Markers {
  const seen = new Map<string, Set<Lang>>();
  for (const t of terms) {
    if (t.tokens.length !== 1) continue;
    const word = t.tokens[0]!;
    seen.set(word, (seen.get(word) ?? new Set()).add(t.lang));
  }
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, new Set<string>()])) as Record<Lang, Set<string>>;
  for (const [word, langs] of seen) if (langs.size === 1) out[[...langs][0]!].add(word);
  return out;
}

/**
 * Guesses the language of a short message. The script with the most letters decides the pair
 * (a German course name inside an Arabic sentence is still Arabic); within the pair, letters
 * only one language uses decide, then marker words (built in and from the lexicon), then the
 * tinyld n-gram model restricted to the pair. A confident tinyld vote for a language outside
 * ours, with no marker word at all, marks the message as foreign.
 */
export class LanguageDetector {
  private readonly markers: Markers;
  private readonly placeWords: ReadonlySet<string>;

  /** `placeNames` (towns) say nothing about the language they are written in. */
  constructor(extra?: Markers, placeNames: readonly string[] = []) {
    this.markers = Object.fromEntries(
      LANGUAGES.map((l) => [l, new Set([...toTokens(BUILT_IN_MARKERS[l]), ...(extra?.[l] ?? [])])]),
    ) as unknown as Markers;
    this.placeWords = new Set(placeNames.flatMap((name) => toTokens(name)));
  }

  /** Letters matching `pattern` in the words of `text` that are not place names. */
  private leaningLetters(text: string, pattern: RegExp): number {
    let n = 0;
    for (const word of text.match(/[\p{L}\p{M}]+/gu) ?? []) {
      const letters = count(word, pattern);
      if (letters > 0 && !toTokens(word).every((t) => this.placeWords.has(t))) n += letters;
    }
    return n;
  }

  detect(text: string): Detection | null {
    const result = this.detectOrForeign(text);
    return isForeign(result) ? null : result;
  }

  /** `words` are the text's tokens when the caller has read them already (an analysis has them). */
  detectOrForeign(text: string, words?: readonly string[]): Detection | ForeignDetection | null {
    // Words, not letters, and a Latin word counts half: "أين Integrationskurs في Döbeln" is an
    // Arabic question with German names in it, however long German compounds are.
    const weighted = SCRIPTS.map(() => 0);
    for (const word of text.match(/[\p{L}\p{M}]+/gu) ?? []) {
      const counts = SCRIPTS.map((s) => count(word, s.letters));
      const most = Math.max(...counts);
      if (most === 0) continue;
      const index = counts.indexOf(most);
      weighted[index]! += SCRIPTS[index]!.pair[0] === 'de' ? 0.5 : 1;
    }
    if (weighted.every((w) => w === 0)) return null;
    const index = weighted.indexOf(Math.max(...weighted));
    const script = SCRIPTS[index]!;
    const [a, b] = script.pair;

    const onlyA = count(text, script.only[0]);
    const onlyB = count(text, script.only[1]);
    if (onlyA !== onlyB) return { lang: onlyA > onlyB ? a : b, confidence: 0.9 };

    const tokens = words ?? toTokens(text);
    const hitsA = tokens.filter((t) => this.markers[a].has(t)).length;
    const hitsB = tokens.filter((t) => this.markers[b].has(t)).length;
    // Only a Latin message of three words or more without a German or English marker can be
    // foreign; the n-gram model, a tenth of reading a message, is asked for those alone.
    if (a === 'de' && hitsA + hitsB === 0 && tokens.length >= 3) {
      const [top] = ngramModel().detectAll(text);
      if (top && !isLang(top.lang) && top.accuracy >= 0.5) {
        return { foreign: top.lang, confidence: top.accuracy };
      }
    }
    if (hitsA !== hitsB) {
      const margin = Math.abs(hitsA - hitsB) / Math.max(hitsA, hitsB);
      if (margin >= 0.5) return { lang: hitsA > hitsB ? a : b, confidence: Math.min(0.95, 0.5 + margin * 0.45) };
    }
    if (script.leaning) {
      const leanA = this.leaningLetters(text, script.leaning[0]);
      const leanB = this.leaningLetters(text, script.leaning[1]);
      if (leanA !== leanB && hitsA === hitsB) return { lang: leanA > leanB ? a : b, confidence: 0.7 };
    }
    const guess = ngramModel().detect(text, { only: [a, b] });
    // One or two Latin words without a marker are too few for letter statistics: "Zylophonkurs"
    // read as English. A guess below the confident level lets the conversation's language, the
    // client's locale or German (the catalogue's language) decide instead.
    if ((guess === a || guess === b) && a === 'de' && tokens.length <= 2) return { lang: guess, confidence: 0.45 };
    if (guess === a || guess === b) return { lang: guess, confidence: 0.6 };
    if (hitsA + hitsB > 0) return { lang: hitsA >= hitsB ? a : b, confidence: 0.4 };
    // Cyrillic or Arabic script says enough on its own to answer in that script's main language.
    return a === 'de' ? null : { lang: a === 'uk' ? 'ru' : a, confidence: 0.5 };
  }
}

const defaultDetector = new LanguageDetector();

/** Detection with the built-in marker words only (for callers without a lexicon). */
export function detectLanguage(text: string): Detection | null {
  return defaultDetector.detect(text);
}

/** The detector the product uses: built-in markers plus the lexicon's language-specific words. */
export function detectorFor(terms: readonly { tokens: string[]; lang: Lang }[], placeNames: readonly string[] = []): LanguageDetector {
  return new LanguageDetector(markersFrom(terms), placeNames);
}
