import { describe, expect, it } from 'vitest';
import { CsvError, decodeCsv, defuseCell, parseCsv, readCsv, restoreCell, toCsv } from '../../shared/csv';

describe('reading CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF, a byte-order mark and blank lines', () => {
    const text = '\uFEFFfirst,last,notes\r\nAnn,"Ó Briain, Jr","Said ""hi""\nthen left"\r\n\r\nBea,Ellis,\n';
    expect(parseCsv(text)).toEqual([
      ['first', 'last', 'notes'],
      ['Ann', 'Ó Briain, Jr', 'Said "hi"\nthen left'],
      ['Bea', 'Ellis', ''],
    ]);
  });

  it('finds the separator: semicolons as European Excel writes them, with decimal commas left whole', () => {
    const text = 'Vorname;Nachname;Einheiten\r\nAnn;Okafor;12,5\r\n"Bea; Jr";Ellis;20\r\n';
    expect(readCsv(text)).toEqual({
      delimiter: ';',
      rows: [
        ['Vorname', 'Nachname', 'Einheiten'],
        ['Ann', 'Okafor', '12,5'],
        ['Bea; Jr', 'Ellis', '20'],
      ],
    });
    expect(readCsv('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(readCsv('a,b\n1,2\n').delimiter).toBe(',');
  });

  it('names the line of a quote that is never closed, counting the lines of earlier quoted breaks', () => {
    expect(() => parseCsv('a,b\n"one\ntwo",x\n"open,field\nmore')).toThrow(new CsvError('a quoted field is never closed', 4));
    expect(() => parseCsv('a,b\n"x"y,z')).toThrow(/Line 2: a quote in this line is not where a field starts or ends/);
  });
});

describe('the bytes of a CSV file', () => {
  const latin = 'first,last\nZoë,Ó Briain\nJosé,Müller\n';
  it('are read as UTF-8, with or without a byte-order mark', () => {
    const utf8 = new TextEncoder().encode(latin);
    expect(decodeCsv(utf8)).toEqual({ text: latin, encoding: 'utf-8' });
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: latin, encoding: 'utf-8' });
  });

  it('are read as Windows-1252 when they are not UTF-8 (older Excel), or when the user says so', () => {
    // Windows-1252 bytes written out by hand: ë = EB, Ó = D3, é = E9, ü = FC, € = 80.
    const cp1252 = new Uint8Array([
      ...new TextEncoder().encode('first,last\nZo'),
      0xeb,
      ...new TextEncoder().encode(','),
      0xd3,
      ...new TextEncoder().encode(' Briain\nJos'),
      0xe9,
      ...new TextEncoder().encode(',M'),
      0xfc,
      ...new TextEncoder().encode('ller\n'),
    ]);
    expect(decodeCsv(cp1252)).toEqual({ text: latin, encoding: 'windows-1252' });
    expect(decodeCsv(new Uint8Array([0x80]), 'windows-1252').text).toBe('€');
    // Chosen as UTF-8 anyway: what cannot be read shows as the replacement character, nothing is dropped.
    expect(decodeCsv(cp1252, 'utf-8').text).toContain('Zo\uFFFD');
  });
});

describe('writing CSV', () => {
  it('leaves phone numbers and numbers exactly as they are', () => {
    for (const v of ['+44 20 7946 0018', '-5', '+1 (555) 010-9999', '-12,5', '0.5', '07123 456789', '-', '']) {
      expect(defuseCell(v), v).toBe(v);
    }
    expect(toCsv(['phone', 'n'], [['+44 20 7946 0018', -5]])).toBe('\uFEFFphone,n\r\n+44 20 7946 0018,-5\r\n');
  });

  it('defuses formulas, at the start of a cell and after a semicolon', () => {
    expect(defuseCell('=HYPERLINK("http://evil.example","Click")')).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(defuseCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(defuseCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(defuseCell('-2+3')).toBe("'-2+3");
    // Spaces and tabs before a formula do not hide it: the apostrophe goes right before it.
    expect(defuseCell('\t=1')).toBe("\t'=1");
    expect(defuseCell('note; =HYPERLINK("x")')).toBe(`note; '=HYPERLINK("x")`);
    expect(defuseCell('call back;+44 20 7946 0018')).toBe('call back;+44 20 7946 0018');
    // A semicolon in a cell is always quoted, so a `;`-separated reading keeps the cell whole.
    expect(toCsv(['n'], [['a;=1+1']])).toBe(`\uFEFFn\r\n"a;'=1+1"\r\n`);
  });

  it('round-trips every value exactly, formulas and apostrophes included', () => {
    const values = [
      '=HYPERLINK("x")',
      "'=already quoted",
      "''=twice",
      "'plain apostrophe",
      '@SUM(A1)',
      "+cmd|' /C calc'!A0",
      'a;=1;b;@x',
      '+44 20 7946 0018',
      '-5',
      'Ó Briain, Jr',
      'Line one\r\nLine two',
      'say "hi"',
      '  spaced  ',
    ];
    for (const v of values) expect(restoreCell(defuseCell(v)), v).toBe(v);
    const csv = toCsv(
      ['value', 'index'],
      values.map((v, i) => [v, i]),
    );
    expect(parseCsv(csv)).toEqual([['value', 'index'], ...values.map((v, i) => [v.replace(/\r\n/g, '\n'), String(i)])]);
  });
});
