/**
 * A light stemmer for Arabic script (after Larkey's "light10"): strips "and", the article and
 * the prepositions fused with it, the dialect present prefix ("بيكلف" → "کلف") or a fused "in"
 * on longer words ("بدورة" → "دور"), and common suffixes (pronouns, plurals, feminine ending).
 * Answers are written in one dialect and asked in another; the stem is what "تكلفة", "بيكلف" and
 * "يكلفني" share. Works on normalised text.
 */
const ARABIC_SCRIPT = /^[\u0600-\u06FF]+$/;
const ARTICLES = ['وال', 'بال', 'کال', 'فال', 'لل', 'ال'];
const PRESENT = ['بی', 'بت', 'بن'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ین', 'یه', 'ه', 'ی'];

export function arabicStem(token: string): string {
  if (token.length < 4 || !ARABIC_SCRIPT.test(token)) return token;
  let word = token;
  if (word.startsWith('و') && word.length >= 4) word = word.slice(1);
  const article = ARTICLES.find((p) => word.startsWith(p) && word.length - p.length >= 3);
  if (article) word = word.slice(article.length);
  else {
    const present = PRESENT.find((p) => word.startsWith(p) && word.length - p.length >= 3);
    if (present) word = word.slice(present.length);
    else if (word.startsWith('ب') && word.length >= 5) word = word.slice(1);
  }
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) word = word.slice(0, -suffix.length);
  }
  return word;
}
