import Papa from 'papaparse';

/**
 * CSV through papaparse, for files from and for spreadsheets: the delimiter is detected
 * (European Excel writes `;`), quoted fields may hold line breaks, and the bytes are read as
 * UTF-8 (with or without a byte-order mark) or as Windows-1252, the encoding older Excel saves
 * in, chosen or detected.
 *
 * Exports defuse spreadsheet formulas without changing data: a cell a spreadsheet would run
 * (`=…`, `@…`, `+cmd|…`, `-2+3`, and the same after a `;`, where a `;`-separated reading would
 * start a new cell) gets a leading apostrophe, while phone numbers and numbers (`+44 20 7946
 * 0018`, `-5`, `1,5`) are written as they are. Reading takes the apostrophe off again, so a
 * round trip gives back exactly what was written.
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

export type CsvEncoding = 'utf-8' | 'windows-1252';

export const CSV_ENCODING_LABELS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8 (most programs, Excel’s “CSV UTF-8”)',
  'windows-1252': 'Windows Western (older Excel)',
};

/**
 * The text of a CSV file's bytes. Detected: UTF-8 when the bytes are valid UTF-8 (a BOM or
 * not), otherwise Windows-1252, which any byte sequence is. The byte-order mark is dropped.
 */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding | 'auto' = 'auto'): { text: string; encoding: CsvEncoding } {
  let chosen: CsvEncoding = encoding === 'auto' ? 'utf-8' : encoding;
  let text: string;
  try {
    text = new TextDecoder(chosen, { fatal: encoding === 'auto' }).decode(bytes);
  } catch {
    chosen = 'windows-1252';
    text = new TextDecoder(chosen).decode(bytes);
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: chosen };
}

const TRIGGER = /^[=+\-@\t\r]/;
/** A number or a phone number: what may start with + or - and still be plain data. */
const NUMBER_OR_PHONE = /^[+-]?[\d\s().,/-]*\d[\d\s().,/-]*$/;

/** Whether a spreadsheet would run this text as a formula (looking past apostrophes already there). */
function runsAsFormula(text: string): boolean {
  const body = text.replace(/^'+/, '');
  return TRIGGER.test(body) && !NUMBER_OR_PHONE.test(body) && !/^[+-]\s*$/.test(body);
}

function mapSegments(value: string, each: (segment: string) => string): string {
  return value
    .split(';')
    .map((segment) => {
      const [, space, body] = /^(\s*)([\s\S]*)$/.exec(segment)!;
      return space! + each(body!);
    })
    .join(';');
}

/** The cell as written to a file: each formula (at the start, or after a `;`) behind an apostrophe. */
export function defuseCell(value: string): string {
  return mapSegments(value, (body) => (runsAsFormula(body) ? `'${body}` : body));
}

/** The exact inverse of defuseCell. */
export function restoreCell(value: string): string {
  return mapSegments(value, (body) => (body.startsWith("'") && runsAsFormula(body.slice(1)) ? body.slice(1) : body));
}

/** Rows of fields, the delimiter found, and blank lines dropped. Throws CsvError for a broken quote. */
export function readCsv(text: string): { rows: string[][]; delimiter: string } {
  // One kind of line end (a file edited in two programs can mix them); a break inside a quoted field becomes \n.
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const result = Papa.parse<string[]>(src, {
    delimiter: '',
    newline: '\n',
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: 'greedy',
  });
  const broken = result.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    // The character where papaparse found it, as a line of the file (quoted fields can span lines).
    const at = (broken as { index?: number }).index;
    const line = at === undefined ? (broken.row ?? 0) + 1 : src.slice(0, at).split('\n').length;
    throw new CsvError(
      broken.code === 'MissingQuotes'
        ? 'a quoted field is never closed'
        : 'a quote in this line is not where a field starts or ends',
      line,
    );
  }
  return { rows: result.data.map((r) => r.map(restoreCell)), delimiter: result.meta.delimiter };
}

/** Rows of fields (see readCsv). */
export function parseCsv(text: string): string[][] {
  return readCsv(text).rows;
}

/**
 * A CSV file: a byte-order mark (so spreadsheets read accents right), CRLF line ends, fields
 * quoted when they hold a comma, quote, line break or `;`, formulas defused (defuseCell).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((v) => defuseCell(v === null || v === undefined ? '' : String(v))));
  const body = Papa.unparse(cells, {
    newline: '\r\n',
    quotes: cells[0] ? (value: unknown) => /[",;\r\n]/.test(String(value)) : false,
    escapeFormulae: false,
  });
  return `\uFEFF${body}\r\n`;
}
