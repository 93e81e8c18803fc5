import Database from 'better-sqlite3-multiple-ciphers';

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
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return tableCounts(db);
  } finally {
    db.close();
  }
}

/**
 * Copies a plain database with SQLite's backup (a live WAL is included) and encrypts the copy
 * in place with a raw SQLCipher key.
 */
export async function copyEncrypted(plainFile: string, destFile: string, key: Buffer): Promise<void> {
  const source = new Database(plainFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(destFile);
  } finally {
    source.close();
  }
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
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasStaff = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'staff'").get() !== undefined;
    if (!hasStaff) return 1;
    const same = db
      .prepare('SELECT id FROM staff WHERE active = 1 AND lower(name) = lower(?) ORDER BY id LIMIT 1')
      .pluck()
      .get(ownerName.trim()) as number | undefined;
    return same ?? ((db.prepare('SELECT max(id) FROM staff').pluck().get() as number | null) ?? 0) + 1;
  } finally {
    db.close();
  }
}
