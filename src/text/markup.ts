/**
 * Where markdown-it (Web Chat's, with inline HTML, linkify and the typographer on) could read
 * a character as syntax. Everything else passes unchanged, so sentences, prices and times read
 * the same in raw activity text too (Direct Line clients, transcripts, Teams).
 */
const SYNTAX = new RegExp(
  [
    // Backslash escapes and hard breaks, code spans and fences, emphasis and strikethrough,
    // HTML, autolinks and comments, links, images and reference definitions, tables.
    String.raw`[\\` + '`' + String.raw`*_~<\[\]|]`,
    // Entities: a typed "&lt;" must stay "&lt;".
    String.raw`&(?=#?[0-9a-z]+;)`,
    // Headings, quotes, lists, setext underlines and rules at the start of a line …
    String.raw`^[#>+=-]`,
    // … and ordered lists ("1." or "1)").
    String.raw`(?<=^\d{1,9})[.)]`,
    // Linkify. An escape ends markdown-it's text token, and links are found within one token:
    // a scheme's colon (https:, mailto:, tel:; not "08:30" or "Kosten: 5 €"), the dot before a
    // host name's next label (evil.example, www.vhs.de), and protocol-relative "//".
    String.raw`(?<=\p{L}):(?=\S)`,
    String.raw`\.(?=\p{L})`,
    String.raw`/(?=/)`,
    // Typographer replacements, which would change what was written: (c) (r) (tm), +- → ±,
    // .. → …, -- → –, ,, !!!! ????, and quotes made curly ("onerror=" must read as typed). An
    // apostrophe inside a word may curl: "don’t" reads the same, and our English stays unescaped.
    String.raw`\((?=(?:c|r|tm|p)\))`,
    String.raw`"|(?<!\p{L})'|'(?!\p{L})`,
    String.raw`\+(?=-)|\.(?=\.)|,(?=,)|-(?=-)`,
    String.raw`[!?](?=[!?]{3})`,
    // Braces as an entity: Web Chat turns "{aria-label=…}" into attributes before Markdown sees
    // a backslash, and Adaptive Cards rewrite {{DATE(…)}} and {{TIME(…)}}.
    String.raw`\{`,
  ].join('|'),
  'gimu',
);

/**
 * Text for Markdown renderers, shown exactly as written.
 *
 * Web Chat (and the Emulator, which embeds it) renders message text and every Adaptive Card
 * TextBlock through markdown-it 14; sanitize-html afterwards still keeps <a href>, <img src> and
 * <b>. Offer, provider, town and answer texts come from coordinators, imports and provider
 * proposals, chat messages from advisors: none of it may become an element, or a link whose
 * text hides where it leads. A bare address stays text too: the offer's link is its button,
 * which carries only http(s) URLs (webUrl).
 *
 * Backslash escapes are CommonMark's own way to say "this character, literally", so the
 * newcomer reads "Deutsch A1 <Abend>" and not "&lt;". test/system/cardMarkup.browser.test.ts checks
 * the rules against Web Chat's own renderer with generated text.
 */
export function markdownLiteral(text: string): string {
  return (
    text
      // Indentation after a line break would start a code block, where escapes show as backslashes.
      .replace(/^[ \t]+/gm, '')
      .replace(SYNTAX, (ch) => (ch === '{' ? '&#123;' : `\\${ch}`))
  );
}

/**
 * Plain text back from Markdown we wrote ourselves: escapes undone and our bold markers
 * dropped, for SMS, e-mail and transcripts. Not a Markdown parser: it knows only what
 * markdownLiteral and our own messages produce.
 */
export function plainFromMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])|&#123;|\*\*/g, (match, escaped: string | undefined) => escaped ?? (match === '&#123;' ? '{' : ''));
}

/**
 * The URL if a browser would open it as an http(s) page, otherwise null: javascript:, data:,
 * file: and relative targets are no links for a newcomer. Parsed with the WHATWG parser the
 * browser uses, so "java\tscript:" or " JAVASCRIPT:" are recognised as what they are.
 */
export function webUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  try {
    const { protocol } = new URL(trimmed);
    return protocol === 'https:' || protocol === 'http:' ? trimmed : null;
  } catch {
    return null;
  }
}
