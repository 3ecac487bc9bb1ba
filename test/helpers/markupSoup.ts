import fc from 'fast-check';

/** Strings made of what Markdown, HTML and linkify are built from, for src/text/markup.ts. */
export const syntaxSoup = fc
  .array(
    fc.constantFrom(
      ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      ' ', '\n', '\n\n', '    ', '\t', 'a', 'x', '1', '12', 'ä', '€', '–', 'دورة', '\u2068',
      'https', 'http', 'ftp', 'mailto', 'tel', 'www', 'evil', 'com', 'de', 'example', 'рф', 'localhost',
      'img', 'src', 'href', 'script', 'lt', 'amp', '#60', 'c', 'tm', 'r', 'p', 'aria-label', 'DATE',
      'https://', '](', '![', '<a href=', '&lt;', '{{', '```', '---', '***', '1. ', '- ', '> ', '# ', '|---|',
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/**
 * The same text as written, but for what Markdown may change without changing the reading:
 * whitespace, and an apostrophe inside a word (don't → don’t).
 */
export function sameText(source: string, shown: string): boolean {
  const fold = (x: string) => x.replace(/(?<=\p{L})’(?=\p{L})/gu, "'").replace(/\s+/g, ' ').trim();
  return fold(shown) === fold(source.replace(/^[ \t]+/gm, ''));
}
