import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsv } from '../../shared/csv';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF, a byte-order mark and blank lines', () => {
    const text = '\uFEFFfirst,last,notes\r\nAnn,"Ó Briain, Jr","Said ""hi""\nthen left"\r\n\r\nBea,Ellis,\n';
    expect(parseCsv(text)).toEqual([
      ['first', 'last', 'notes'],
      ['Ann', 'Ó Briain, Jr', 'Said "hi"\nthen left'],
      ['Bea', 'Ellis', ''],
    ]);
  });

  it('names the line of a broken quote', () => {
    expect(() => parseCsv('a,b\n"open,field\nmore')).toThrow(new CsvError('a quoted field is never closed', 2));
    expect(() => parseCsv('a,b\nx"y,z')).toThrow(/Line 2: a quote may only open a field/);
    expect(() => parseCsv('a,b\n"x"y,z')).toThrow(/Line 2: a closing quote must be followed/);
  });

  it('writes what it reads back, and defuses spreadsheet formulas', () => {
    const rows = [['Ann', 'Line one\nLine two', 'a "quote"', '=HYPERLINK("x")']];
    const csv = toCsv(['name', 'address', 'note', 'risky'], rows);
    expect(parseCsv(csv)).toEqual([
      ['name', 'address', 'note', 'risky'],
      ['Ann', 'Line one\nLine two', 'a "quote"', `'=HYPERLINK("x")`],
    ]);
  });
});
