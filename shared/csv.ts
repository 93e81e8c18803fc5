/**
 * CSV as RFC 4180 writes it: comma-separated, fields with a comma, quote or line break
 * in double quotes, quotes doubled. A byte-order mark is ignored on reading and written
 * on output so spreadsheet programs read accents right.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Parses CSV text into rows of fields; blank lines are dropped. Throws CsvError on a broken quote. */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let fieldStartLine = 1;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = src[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvError('a closing quote must be followed by a comma or the end of the line', line);
        }
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new CsvError('a quote may only open a field', line);
      quoted = true;
      fieldStartLine = line;
      i += 1;
    } else if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new CsvError('a quoted field is never closed', fieldStartLine);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

function quote(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((r) => r.map((v) => quote(v === null || v === undefined ? '' : String(v))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
