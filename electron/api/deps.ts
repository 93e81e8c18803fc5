import type { Clock } from '../clock';
import type { Db } from '../db/connection';

/** What every handler module is built from; one instance per open clinic. */
export type StartMode = 'clinic' | 'demo' | 'leave_demo';

export interface ApiDeps {
  db: Db;
  clock: Clock;
  dataDir: string;
  demo: boolean;
  systemTimeZone: string;
  version: string;
  /** Records a fresh start, or switches to or from the demo clinic's own folder. */
  chooseStart: (mode: StartMode) => void;
  /** Saves the window's current page as a PDF where the user chooses; the path, or null when cancelled. */
  savePdf?: (fileName: string) => Promise<string | null>;
}
