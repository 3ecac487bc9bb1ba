/**
 * An age in a question: "3 Jahre", "sie ist 3", "my 3 year old", "мені 19", "сину 11 років",
 * "عمره ٢٠", "۳ سالشه". Only a number next to a word that makes it an age counts: "2,29 €",
 * "Klasse 1–4" and "B1" are no ages. Words are in the shared normaliser's form (umlauts and
 * hamza dropped, ة → ه, ي → ی).
 */
const AFTER = new Set([
  // de
  'jahre', 'jahren', 'jahr', 'jahrig', 'jahrige', 'jahriger', 'jahriges', 'jahrigen', 'j',
  // en
  'years', 'year', 'yrs', 'yr', 'yo', 'y',
  // uk, ru
  'роки', 'років', 'рік', 'рочки', 'рочків', 'лет', 'год', 'года', 'годика', 'годиков',
  // ar, fa
  'سنه', 'سنین', 'سنوات', 'سنتین', 'ساله', 'سالشه', 'سالمه', 'سال', 'سالش',
]);
const BEFORE = new Set([
  // "ich bin 19", "sie ist 3", "I'm 19", "he is 17", "aged 20"
  'bin', 'ist', 'im', 'am', 'is', 'aged', 'age', 'alter',
  // "мені 19", "їй 3", "мне 19", "ей 3", "сыну 11"
  'мені', 'йому', 'їй', 'мне', 'ему', 'ей', 'сину', 'доньці', 'сыну', 'дочке', 'дочери',
  // "عمري ١٧", "عمره ٢٠", "عمرها ٦"
  'عمری', 'عمره', 'عمرها', 'عمر', 'بعمر',
]);
/** "3jährige", "10j" written as one word. */
const GLUED = /^(\d{1,2})(jahrig\w*|jahre|j|yo|y)$/;

export interface AgeMention {
  age: number;
  /** Positions of the number and the word that made it an age. */
  positions: number[];
}

export function readAge(tokens: readonly string[]): AgeMention | null {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const glued = GLUED.exec(token);
    if (glued) return plausible(Number(glued[1]), [i]);
    if (!/^\d{1,3}$/.test(token)) continue;
    if (AFTER.has(tokens[i + 1] ?? '')) return plausible(Number(token), [i, i + 1]);
    // "3 year old" keeps "old" out of the question's other words too.
    if (tokens[i + 1] === 'year' && tokens[i + 2] === 'old') return plausible(Number(token), [i, i + 1, i + 2]);
    if (BEFORE.has(tokens[i - 1] ?? '') && tokens[i + 1] !== 'uhr') return plausible(Number(token), [i - 1, i]);
  }
  return null;
}

function plausible(age: number, positions: number[]): AgeMention | null {
  return age <= 99 ? { age, positions } : null;
}
