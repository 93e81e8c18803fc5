import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  /** 1, 2, 3… with no gaps; becomes PRAGMA user_version once applied. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
