/**
 * Arabic (and Persian "به") attach prepositions and the article to the word: "بدوبلن" is "in
 * Döbeln", "بالمدرسة" "at the school". Matchers try the word with these prefixes removed too.
 * Works on normalised text (ي→ی, ة→ه).
 */
const PREFIXES = ['وبال', 'فبال', 'بال', 'وال', 'فال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'به'];
const ARABIC_LETTER = /^[\u0600-\u06FF]/;

export function withoutClitics(token: string): string[] {
  if (!ARABIC_LETTER.test(token)) return [token];
  const forms = [token];
  for (const p of PREFIXES) {
    if (token.startsWith(p) && token.length - p.length >= 3) forms.push(token.slice(p.length));
  }
  // The sound feminine plural replaces ة with ات: "روضات" are kindergartens (روضة), "دورات"
  // courses (دورة). A lexicon lists the singular; the plural is derived, not listed.
  for (const form of [...forms]) {
    if (form.length >= 5 && form.endsWith('ات')) forms.push(`${form.slice(0, -2)}ه`);
  }
  return forms;
}
