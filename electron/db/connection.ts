import Database from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { latestVersion, migrate, migrations, pendingMigrations, schemaVersion } from './migrations';

export type Db = Database.Database;

/**
 * Compiling SQL costs more than running this app's small queries, so each text is
 * prepared once per connection. A statement handed out again has pluck mode reset, so
 * no call site inherits another's choice. (Statements are never iterated or bound
 * permanently here, which would make sharing them unsafe.)
 */
function cacheStatements(db: Db): void {
  const cache = new Map<string, Database.Statement>();
  const compile = db.prepare.bind(db);
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = compile(sql);
      cache.set(sql, stmt);
    } else if (stmt.reader) {
      stmt.pluck(false);
    }
    return stmt;
  };
  db.prepare = prepare as Db['prepare'];
}

/**
 * Hands SQLite the clinic's 256-bit database key (SQLCipher format). It must come before
 * any other statement. A raw key skips SQLCipher's own PBKDF2 (94 ms on a large clinic):
 * our keys are random or already derived by the key slots, never a typed password.
 */
export function applyKey(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new Error('A database key is 32 bytes.');
  db.pragma("cipher = 'sqlcipher'");
  // PRAGMA takes no bound parameters; the value is hex we produced ourselves.
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** Where the copies made before a schema upgrade go, beside the database. */
export const UPGRADE_BACKUP_FOLDER = 'backups';
/** How many copies from earlier upgrades are kept (each is as large as the database). */
const UPGRADE_BACKUPS_KEPT = 3;

/**
 * Copies the whole database, as it is before an upgrade, into `backups/` beside it, and returns
 * the copy's path. VACUUM INTO writes a consistent snapshot through this connection, so the copy
 * is encrypted with the same key as the clinic (better-sqlite3's db.backup() refuses an
 * encrypted source: it opens the destination without a key). The copy is fsynced and readable
 * by the owner only; older upgrade copies beyond the last three are removed.
 */
export function backupBeforeUpgrade(db: Db, file: string, from: number, to: number, nowMs = Date.now()): string {
  const dir = path.join(path.dirname(file), UPGRADE_BACKUP_FOLDER);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
  const target = path.join(
    dir,
    `${path.basename(file, '.sqlite')}-schema-${from}-before-${to}-${stamp}-${randomUUID().slice(0, 8)}.sqlite`,
  );
  // An empty file of our own with private permissions: VACUUM INTO accepts an empty target.
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  try {
    db.prepare('VACUUM INTO ?').run(target);
    const fd = fs.openSync(target, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err;
  }
  const older = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(`${path.basename(file, '.sqlite')}-schema-`) && n.endsWith('.sqlite'))
    .sort((a, b) => fs.statSync(path.join(dir, a)).mtimeMs - fs.statSync(path.join(dir, b)).mtimeMs || a.localeCompare(b));
  for (const n of older.slice(0, Math.max(0, older.length - UPGRADE_BACKUPS_KEPT))) fs.rmSync(path.join(dir, n), { force: true });
  return target;
}

/**
 * Opens (creating when new) a clinic database and brings its schema up to date. With a
 * key the file is encrypted; a wrong key, or none for an encrypted file, fails with
 * SQLITE_NOTADB before anything is written. The schema version is read first: a database
 * from a newer version is refused before anything (not even the journal mode) changes
 * the file. A database that needs upgrading is copied into `backups/` first (unless the caller
 * keeps the original itself, as encrypting an old clinic does).
 */
export function openDatabase(file: string, key?: Buffer, opts: { backupBeforeUpgrade?: boolean } = {}): Db {
  const db = new Database(file);
  try {
    if (key) applyKey(db, key);
    const from = schemaVersion(db);
    const pending = pendingMigrations(db);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // FULL: a power cut right after "saved" must not lose the save.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // 64 MiB of decrypted pages, filled only as they are read (the default is 16): a page that
    // falls out must be read and decrypted again, and the recall list of a 200,000-patient clinic
    // (a file of about 900 MB) reads its due patients' rows in half the time with this much.
    db.pragma('cache_size = -65536');
    if (from > 0 && pending.length > 0 && opts.backupBeforeUpgrade !== false) {
      backupBeforeUpgrade(db, file, from, latestVersion(migrations));
    }
    migrate(db);
    cacheStatements(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
