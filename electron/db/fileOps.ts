import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';

/**
 * Runs `fn` on a read-only connection to a plain database. A database in WAL mode makes even a
 * reader create -wal and -shm files; those this call created (and left empty) are removed again,
 * so looking at a clinic leaves its folder exactly as it was.
 */
function readOnly<T>(file: string, fn: (db: Database.Database) => T): T {
  const { db, done } = openReadOnly(file);
  try {
    return fn(db);
  } finally {
    done();
  }
}

async function readOnlyAsync<T>(file: string, fn: (db: Database.Database) => Promise<T>): Promise<T> {
  const { db, done } = openReadOnly(file);
  try {
    return await fn(db);
  } finally {
    done();
  }
}

function openReadOnly(file: string): { db: Database.Database; done: () => void } {
  const sidecars = ['-wal', '-shm'].map((s) => `${file}${s}`);
  const existed = sidecars.map((f) => fs.existsSync(f));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const done = () => {
    db.close();
    const wal = sidecars[0]!;
    if (!existed[0] && fs.existsSync(wal) && fs.statSync(wal).size === 0) {
      sidecars.forEach((f, i) => !existed[i] && fs.rmSync(f, { force: true }));
    }
  };
  return { db, done };
}

/**
 * Whole-file operations on a clinic database that happen outside an open clinic: reading a
 * plain database from before encryption without changing it, copying and encrypting it.
 */

/** Row counts of every table, by name. */
export function tableCounts(db: Database.Database): Map<string, number> {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  // Table names come from the schema itself, quoted; they are never user input.
  return new Map(
    names.map((n) => [
      n,
      db
        .prepare(`SELECT count(*) FROM "${n.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

/** Row counts of a plain database file, read-only (the file is not changed, not even migrated). */
export function plainTableCounts(file: string): Map<string, number> {
  return readOnly(file, tableCounts);
}

/**
 * Copies a plain database with SQLite's backup (a live WAL is included) and encrypts the copy
 * in place with a raw SQLCipher key.
 */
export async function copyEncrypted(plainFile: string, destFile: string, key: Buffer): Promise<void> {
  await readOnlyAsync(plainFile, (source) => source.backup(destFile));
  const copy = new Database(destFile);
  try {
    // SQLite3 Multiple Ciphers rekeys only outside WAL mode.
    copy.pragma('journal_mode = DELETE');
    copy.pragma("cipher = 'sqlcipher'");
    copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    copy.close();
  }
}

/**
 * The staff id the owner will have once a plain clinic is converted: an active member with the
 * same name keeps theirs, otherwise the next id.
 */
export function plannedOwnerId(file: string, ownerName: string): number {
  return readOnly(file, (db) => {
    const hasStaff = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'staff'").get() !== undefined;
    if (!hasStaff) return 1;
    const same = db
      .prepare('SELECT id FROM staff WHERE active = 1 AND lower(name) = lower(?) ORDER BY id LIMIT 1')
      .pluck()
      .get(ownerName.trim()) as number | undefined;
    return same ?? ((db.prepare('SELECT max(id) FROM staff').pluck().get() as number | null) ?? 0) + 1;
  });
}

/** The clinic's name in a plain database from before encryption, read without changing the file. */
export function plainClinicName(file: string): string {
  try {
    return readOnly(
      file,
      (db) => (db.prepare('SELECT name FROM clinic_settings LIMIT 1').pluck().get() as string | undefined) ?? '',
    );
  } catch {
    return '';
  }
}

/**
 * Opens a copy of a clinic's database (a backup) read-only with its key, without migrating or
 * otherwise touching it. Throws SQLITE_NOTADB for a wrong key on the first statement.
 */
export function openKeyedReadOnly(file: string, key: Buffer): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Re-keys a copy of the clinic's database from its raw key to a passphrase (SQLCipher's own key
 * derivation, so any SQLCipher tool opens it with that passphrase), or to no key at all ('').
 */
export function rekeyCopy(file: string, key: Buffer, passphrase: string): void {
  const db = new Database(file);
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey = '${passphrase.replaceAll("'", "''")}'`);
  } finally {
    db.close();
  }
}
