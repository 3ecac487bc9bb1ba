/**
 * Repositories write `?` placeholders, which SQLite reads; PostgreSQL wants `$1, $2, …`. A `?`
 * inside a string literal, a quoted name or a comment is text, not a placeholder.
 */
const converted = new Map<string, string>();
/** The statements are the program's own, a few hundred; the bound only guards against a leak. */
const CACHE_LIMIT = 2_000;

export function numberedPlaceholders(sql: string): string {
  const known = converted.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  if (converted.size >= CACHE_LIMIT) converted.clear();
  converted.set(sql, out);
  return out;
}

/** The index of the quote closing the one at `start`; a doubled quote inside is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  return sql.length - 1;
}
