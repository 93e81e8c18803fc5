import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import type { PhotoStaging } from '../photos/staging';

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
  chooseStart: (mode: StartMode) => Promise<void>;
  /** Saves the window's current page as a PDF where the user chooses; the path, or null when cancelled. */
  savePdf?: (fileName: string) => Promise<string | null>;
  /** Saves bytes to a file where the user chooses; the path, or null when cancelled. */
  saveFile?: (fileName: string, bytes: Buffer) => Promise<string | null>;
  /** Files the user chose for import, by token. */
  staging: PhotoStaging;
}
