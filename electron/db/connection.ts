import Database from 'better-sqlite3';
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

/** Opens (creating when new) a clinic database and brings its schema up to date. */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
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
