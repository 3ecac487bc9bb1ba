/**
 * How far a worksheet's XML reaches (furthest row and column), read piece by piece as it
 * inflates, without building anything. exceljs allocates by position: a single cell in
 * column XFD makes it create 16,384 cells in that row, a row numbered 1,048,576 a million
 * rows, a merged range every cell inside it. So positions are read the way exceljs reads
 * them (`r` of <row> and <c>, `ref` of <mergeCell>), and counted too, for writers that leave
 * `r` out. The declared <dimension> is not trusted: exceljs does not allocate by it.
 */
export class SheetExtent {
  /** Furthest row and column (1-based) any row, cell or merged range reaches. */
  rows = 0;
  columns = 0;
  private rowCount = 0;
  private cellsInRow = 0;
  /** The start of a tag cut off by the end of the last piece. */
  private carry = '';

  /** The next piece of the XML; throws `TagTooLong` for a tag no spreadsheet writes. */
  feed(piece: Buffer): void {
    // latin1 keeps every ASCII byte as it is, and markup is ASCII; bytes of UTF-8 letters
    // never look like "<", ">" or a quote.
    const text = this.carry + piece.toString('latin1');
    this.carry = '';
    TAG.lastIndex = 0;
    for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
      const parsed = attributesOf(text, TAG.lastIndex);
      if (parsed === 'incomplete') {
        this.carry = text.slice(match.index);
        break;
      }
      TAG.lastIndex = parsed.next;
      if (parsed.attributes) this.tag(match[1]!, parsed.attributes);
    }
    // A tag whose name itself is cut off ("<ro") waits for the next piece too.
    const lastOpen = text.lastIndexOf('<');
    if (!this.carry && lastOpen >= 0 && text.indexOf('>', lastOpen) < 0) this.carry = text.slice(lastOpen);
    if (this.carry.length > MAX_TAG) throw new TagTooLong();
  }

  private tag(name: string, attributes: Map<string, string>): void {
    if (name === 'row') {
      this.rowCount += 1;
      this.cellsInRow = 0;
      const r = attributes.get('r');
      // exceljs: parseInt(node.attributes.r, 10)
      this.reach(Math.max(this.rowCount, r === undefined ? 0 : parseInt(r, 10) || 0), 0);
    } else if (name === 'c') {
      this.cellsInRow += 1;
      const at = decodeAddress(attributes.get('r') ?? '');
      this.reach(Math.max(this.rowCount, at.row), Math.max(this.cellsInRow, at.col));
    } else {
      for (const corner of (attributes.get('ref') ?? '').split(':')) {
        const at = decodeAddress(corner);
        this.reach(at.row, at.col);
      }
    }
  }

  private reach(row: number, column: number): void {
    this.rows = Math.max(this.rows, row);
    this.columns = Math.max(this.columns, column);
  }
}

/** A tag longer than this is refused; a spreadsheet's <row>, <c> or <mergeCell> is a few dozen characters. */
const MAX_TAG = 64 * 1024;

export class TagTooLong extends Error {
  constructor() {
    super(`an XML tag longer than ${MAX_TAG} characters`);
  }
}

// Unprefixed names only: exceljs compares node.name with "row", "c" and "mergeCell".
const TAG = /<(row|c|mergeCell)(?=[\s/>])/g;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const CLOSE = /\s*\/?>/y;
// What an attribute list cut off mid-way can still look like.
const UNFINISHED = /^(?:\s+[^\s=/>]*(?:\s*=\s*(?:"[^"]*|'[^']*)?)?|\s*\/?)$/;

/**
 * The attributes of the tag whose name ends at `from`, by XML's grammar: a ">" inside a quoted
 * value does not end the tag, a "<" cannot be in it. `attributes` is null for a tag XML would
 * refuse (exceljs's parser then fails on the whole file anyway); 'incomplete' when the text
 * ends inside the tag.
 */
function attributesOf(text: string, from: number): { attributes: Map<string, string> | null; next: number } | 'incomplete' {
  const nextOpen = text.indexOf('<', from);
  const limit = nextOpen < 0 ? text.length : nextOpen;
  const attributes = new Map<string, string>();
  let at = from;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(text);
    if (!match || ATTRIBUTE.lastIndex > limit) break;
    attributes.set(match[1]!, decodeEntities(match[2] ?? match[3] ?? ''));
    at = ATTRIBUTE.lastIndex;
  }
  CLOSE.lastIndex = at;
  if (CLOSE.exec(text) && CLOSE.lastIndex <= limit) return { attributes, next: CLOSE.lastIndex };
  if (limit === text.length && UNFINISHED.test(text.slice(at))) return 'incomplete';
  return { attributes: null, next: at };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The character and entity references of an XML attribute value, replaced. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (all, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? all;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/**
 * Row and column of a cell address exactly as exceljs's colCache.decodeAddress reads it
 * (capital letters before the digits, "$" skipped, anything else after both ends it), so a
 * strange address cannot mean one cell here and another there. 0 where it has none.
 */
export function decodeAddress(value: string): { row: number; col: number } {
  let col = 0;
  let row = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < value.length; i++) {
    const char = value.charCodeAt(i);
    if (!hasRow && char >= 65 && char <= 90) {
      hasCol = true;
      col = col * 26 + char - 64;
    } else if (char >= 48 && char <= 57) {
      hasRow = true;
      row = row * 10 + char - 48;
    } else if (hasRow && hasCol && char !== 36) {
      break;
    }
  }
  return { row, col };
}

/** `1` → "A", `100` → "CV", `16384` → "XFD". */
export function columnLetters(n: number): string {
  let letters = '';
  for (let rest = Math.floor(n); rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
