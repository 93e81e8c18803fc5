// better-sqlite3-multiple-ciphers ships its own types, but its package.json "exports" map leaves
// them out, so TypeScript cannot find them. It has the same API as better-sqlite3 (it is a fork),
// so better-sqlite3's own type declarations describe it; encryption is set with pragmas.
declare module 'better-sqlite3-multiple-ciphers' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the only way to re-export a CommonJS `export =` declaration
  import Database = require('better-sqlite3');
  export = Database;
}
