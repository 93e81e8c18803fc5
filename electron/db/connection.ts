import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from './migrations';

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

/**
 * Opens (creating when new) a clinic database and brings its schema up to date. With a
 * key the file is encrypted; a wrong key, or none for an encrypted file, fails with
 * SQLITE_NOTADB before anything is written.
 */
export function openDatabase(file: string, key?: Buffer): Db {
  const db = new Database(file);
  try {
    if (key) applyKey(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // FULL: a power cut right after "saved" must not lose the save.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    cacheStatements(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
