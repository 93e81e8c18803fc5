import type { Clock } from '../clock';
import type { Db } from '../db/connection';

/** What every handler module is built from; one instance per open clinic. */
export interface ApiDeps {
  db: Db;
  clock: Clock;
  dataDir: string;
  demo: boolean;
  systemTimeZone: string;
  version: string;
}
