import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  /**
   * The step's own number, written in its file and never derived from its place in the list:
   * once applied it becomes PRAGMA user_version. Numbers only grow along the list; gaps are
   * allowed, so a hotfix step can take a number between two released ones.
   */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
