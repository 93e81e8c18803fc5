import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { toCsv } from '../../shared/csv';
import type { Db } from '../db/connection';
import { openKeyedReadOnly, rekeyCopy, tableCounts } from '../db/fileOps';
import { readPhotoFile, type PhotoStore } from '../photos/store';

export interface ArchiveInput {
  /** Where the finished .zip goes (chosen by the owner). */
  target: string;
  dataDir: string;
  dbKeyHex: string;
  photoKeyHex: string;
  /** A passphrase for the database in the archive, or '' for a plain database (confirmed by the owner). */
  passphrase: string;
  clinicName: string;
  nowMs: number;
}

const README = (
  clinicName: string,
  encrypted: boolean,
  when: string,
) => `Clinic Records: everything of ${clinicName}, exported on ${when}

This archive is the clinic's own copy of its records, in open formats, readable without Clinic
Records. It holds patients' personal and medical details and their photos: keep it as safe as the
clinic's recovery sheet, and delete it when it is no longer needed.

clinic.sqlite
    The whole database (SQLite 3). ${
      encrypted
        ? `It is encrypted in SQLCipher 4's default format with the passphrase chosen at export:
    open it with any SQLCipher-capable tool (for example "DB Browser for SQLite (SQLCipher)")
    and that passphrase.`
        : 'It is NOT encrypted: the owner chose a plain database when exporting.'
    }

tables/<table>.csv and tables/<table>.json
    Every table of the database: CSV (UTF-8 with a byte-order mark, comma-separated, the first
    row naming the columns; cells that a spreadsheet would run as a formula start with an
    apostrophe) and JSON (an array of objects, one per row, with the columns as keys).
    The columns are those of the database; *_at_ms columns are moments in milliseconds since
    1970-01-01 UTC, *_on columns calendar days (YYYY-MM-DD) in the clinic's time zone, and
    *_json columns JSON text.

photos/<patient id>-<photo id>-<date taken>.<ext>
    Every photo as it was imported, byte for byte (the original file, with its own metadata).
    tables/photos.csv links each file to its patient, date, area, view and treatment by photo
    id; the sha256 column is each original's SHA-256.
`;

/**
 * One zip the clinic owns: the database (with a passphrase, or plain), every table as CSV and
 * JSON, every photo's original, and a README about the format. Runs on a worker thread.
 */
export async function writeArchive(
  db: Db,
  input: ArchiveInput,
  progress: (done: number, total: number, step?: string) => void,
): Promise<{ bytes: number; tables: number; photos: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-export-'));
  try {
    progress(0, 1, 'Copying the database');
    const copy = path.join(work, 'clinic.sqlite');
    db.prepare('VACUUM INTO ?').run(copy);
    const dbKey = Buffer.from(input.dbKeyHex, 'hex');

    // Every table as CSV and JSON, read from the copy (one consistent moment).
    const reader = openKeyedReadOnly(copy, dbKey);
    const tableFiles: { name: string; csv: string; json: string }[] = [];
    let photoRows: { id: number; patient_id: number; sha256: string; taken_on: string; format: string }[] = [];
    try {
      const names = [...tableCounts(reader).keys()].filter(
        (n) => !/_(data|idx|docsize|config|content)$/.test(n) && n !== 'patient_search',
      );
      for (const name of names) {
        const rows = reader.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
        const columns = reader.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[];
        tableFiles.push({
          name,
          csv: toCsv(
            columns,
            rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c] as string | number)))),
          ),
          json: JSON.stringify(rows, null, 1),
        });
      }
      photoRows = reader
        .prepare('SELECT id, patient_id, sha256, taken_on, format FROM photos ORDER BY id')
        .all() as typeof photoRows;
    } finally {
      reader.close();
    }

    // The database: re-keyed with the owner's passphrase (SQLCipher's own key derivation), or plain.
    rekeyCopy(copy, dbKey, input.passphrase);

    const zip = new yazl.ZipFile();
    const when = new Date(input.nowMs).toISOString().slice(0, 10);
    zip.addBuffer(Buffer.from(README(input.clinicName, input.passphrase !== '', when)), 'README.txt');
    zip.addFile(copy, 'clinic.sqlite');
    for (const t of tableFiles) {
      zip.addBuffer(Buffer.from(t.csv), `tables/${t.name}.csv`);
      zip.addBuffer(Buffer.from(t.json), `tables/${t.name}.json`);
    }
    const store: PhotoStore = { dir: path.join(input.dataDir, 'photos'), key: Buffer.from(input.photoKeyHex, 'hex') };
    for (const [i, p] of photoRows.entries()) {
      if (i % 10 === 0) progress(i, photoRows.length, 'Adding photos');
      const ext = p.format === 'jpeg' ? 'jpg' : p.format;
      zip.addBuffer(readPhotoFile(store, p.sha256, 'original'), `photos/${p.patient_id}-${p.id}-${p.taken_on}.${ext}`, {
        compress: false,
      });
    }
    zip.end();
    const temp = `${input.target}.partial`;
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(temp, { mode: 0o600 });
      zip.outputStream.pipe(out).on('close', resolve).on('error', reject);
      zip.outputStream.on('error', reject);
    });
    fs.renameSync(temp, input.target);
    return { bytes: fs.statSync(input.target).size, tables: tableFiles.length, photos: photoRows.length };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
