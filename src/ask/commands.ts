import { LANGUAGES, NATIVE_LANGUAGE_NAMES, type Lang } from '../language/languages';
import type { Lexicon } from '../search/lexicon';
import { toTokens } from '../text/normalize';

export type Command = 'language' | 'restart' | 'help' | 'back' | 'menu' | 'deleteData';

/** "Delete my data" as people write it; the help reply and the page offer it as a button too. */
const DELETE_DATA_PHRASES: Record<Lang, string[]> = {
  de: ['meine daten löschen', 'daten löschen', 'lösche meine daten', 'alle meine daten löschen'],
  en: ['delete my data', 'delete my data please', 'erase my data', 'remove my data'],
  uk: ['видалити мої дані', 'видали мої дані', 'видалити дані'],
  ru: ['удалить мои данные', 'удали мои данные', 'удалить данные'],
  ar: ['احذف بياناتي', 'حذف بياناتي', 'امسح بياناتي'],
  fa: ['حذف اطلاعات من', 'اطلاعات من را حذف کن', 'داده های من را حذف کن', 'حذف داده های من'],
};

/** What people type to pick a language, in their own language or another. */
const LANGUAGE_NAMES: Record<Lang, string[]> = {
  de: ['deutsch', 'german', 'auf deutsch', 'in german', 'німецька', 'немецкий', 'الالمانیه', 'آلمانی'],
  en: ['english', 'englisch', 'in english', 'англійська', 'английский', 'الانجلیزیه', 'انگلیسی'],
  uk: ['українська', 'українською', 'ukrainian', 'ukrainisch', 'украинский', 'укр'],
  ru: ['русский', 'русском', 'по русски', 'russian', 'russisch', 'російська', 'рус'],
  ar: ['العربیه', 'عربی', 'arabic', 'arabisch', 'арабська', 'арабский'],
  fa: ['فارسی', 'دری', 'farsi', 'persian', 'persisch', 'dari', 'фарсі', 'фарси'],
};

const phrase = (text: string) => toTokens(text).join(' ');

/**
 * Recognises navigation commands ("zurück", "мова", "از اول"...) that work at every step.
 * Only a whole message counts: "Ich brauche Hilfe bei der Anmeldung" is a question, "Hilfe" is
 * the command.
 */
export class CommandRecognizer {
  private readonly commands = new Map<string, Command>();
  private readonly languages = new Map<string, Lang>();
  /** For commands written in one language only: answer in that language. */
  private readonly commandLanguages = new Map<string, Lang>();

  constructor(lexicon: Lexicon) {
    const cues: [Command, keyof Lexicon['intents']][] = [
      ['language', 'cmdLanguage'],
      ['restart', 'cmdRestart'],
      ['help', 'cmdHelp'],
      ['back', 'cmdBack'],
      ['menu', 'cmdMenu'],
    ];
    for (const [command, cue] of cues) for (const term of lexicon.intents[cue]) this.commands.set(term.tokens.join(' '), command);
    for (const lang of LANGUAGES) {
      for (const text of DELETE_DATA_PHRASES[lang]) {
        this.commands.set(phrase(text), 'deleteData');
        this.commandLanguages.set(phrase(text), lang);
      }
    }
    for (const lang of LANGUAGES) {
      for (const name of [...LANGUAGE_NAMES[lang], NATIVE_LANGUAGE_NAMES[lang], lang]) this.languages.set(phrase(name), lang);
    }
  }

  /**
   * Everything a whole message can say as a command, from its words as `toTokens` reads them
   * (the turn's analysis has them, so the text is not read again): the command, the language it
   * was written in (where its words tell), and a language named on its own ("English",
   * "فارسی"), as a picker button sends it. A leading "/" ("/start") is not a word.
   */
  read(words: readonly string[]): { command: Command | null; commandLang: Lang | null; chosenLang: Lang | null } {
    const key = words.join(' ');
    return { command: this.commands.get(key) ?? null, commandLang: this.commandLanguages.get(key) ?? null, chosenLang: this.languages.get(key) ?? null };
  }
}
