import { type Answer, type Category, type Offer, type Provider } from './types';
import { LANGUAGES, SOURCE_LANGUAGE, type Lang } from '../language/languages';

export interface MissingTranslations {
  lang: Lang;
  offers: string[];
  answers: string[];
  categories: string[];
  /** Providers with a description in German but none in this language. */
  providers: string[];
}

/** Which catalogue entries lack a text in each language (German is the source and never missing). */
export function missingTranslations(catalogue: {
  offers: readonly Offer[];
  answers: readonly Answer[];
  categories: readonly Category[];
  providers?: readonly Provider[];
}): MissingTranslations[] {
  return LANGUAGES.filter((l) => l !== SOURCE_LANGUAGE).map((lang) => ({
    lang,
    offers: catalogue.offers.filter((o) => !isOfferTranslated(o, lang)).map((o) => o.id),
    answers: catalogue.answers.filter((a) => !a.answer[lang] || !(a.questions[lang]?.length ?? 0)).map((a) => a.id),
    categories: catalogue.categories.filter((c) => !c.name[lang]).map((c) => c.id),
    providers: (catalogue.providers ?? []).filter((p) => p.description.de && !p.description[lang]).map((p) => p.id),
  }));
}

/** Every text a newcomer reads on the offer exists in `lang`: title and summary, and each note German has. */
export function isOfferTranslated(o: Offer, lang: Lang): boolean {
  if (!o.title[lang] || !o.summary[lang]) return false;
  return [o.scheduleNote, o.costNote, o.targetGroup, o.contact].every((note) => !note.de || !!note[lang]);
}
