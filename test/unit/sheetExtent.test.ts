import assert from 'node:assert/strict';
import { SheetExtent } from '../../src/catalogue/sheetExtent';

describe('how far a sheet reaches', () => {
  it('reads positions as exceljs does, however the XML is cut into pieces', () => {
    // A ">" inside a quoted value, an address written as character references, a row without
    // "r" (counted), a merged range, and a prefixed <x:c> that exceljs does not read as a cell.
    const xml = Buffer.from(
      `<sheetData><row r="3" spans="1:2"><c r="B3" t="s>x"><v>1</v></c><c r='&#88;&#x46;D3'/></row>` +
        `<row><c/><c/><c/></row></sheetData><x:c r="ZZZ9999999"/><mergeCells count="1"><mergeCell ref="A7:C9"/></mergeCells>`,
      'latin1',
    );
    for (const size of [1, 2, 7, 64, xml.length]) {
      const extent = new SheetExtent();
      for (let at = 0; at < xml.length; at += size) extent.feed(xml.subarray(at, at + size));
      assert.deepEqual([extent.rows, extent.columns], [9, 16384], `pieces of ${size}`);
    }
  });
});
