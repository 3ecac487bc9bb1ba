// Three reusable rows: the distance runs thousands of times per question (every lexicon word
// of a similar length), and allocating a matrix each time was most of its cost.
let buffers: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), so the common
 * typo "Frieberg" is one edit from "Freiberg", not two. Stops early past `max`, and with a
 * finite `max` fills only the diagonal band a result within `max` can pass through. Without
 * `transpositions` it is plain Levenshtein, as minisearch counts typos.
 */
export function editDistance(a: string, b: string, max = Infinity, transpositions = true): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (buffers[0].length < width + 1) buffers = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  const band = Math.min(max, Math.max(a.length, b.length));
  const outside = Math.max(a.length, b.length) + 1;
  let [twoBack, previous, current] = buffers;
  for (let j = 0; j < width; j++) previous[j] = j <= band ? j : outside;
  previous[width] = outside;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(b.length, i + band);
    current[lo - 1] = lo === 1 ? i : outside;
    current[hi + 1] = outside;
    let rowMin = lo === 1 ? i : outside;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (transpositions && i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, twoBack[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[width - 1]!;
}

/** How many edits a word of this length may carry and still count as the same word. */
export function allowedTypos(length: number): number {
  if (length >= 10) return 2;
  if (length >= 6) return 1;
  return 0;
}
