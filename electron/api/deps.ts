import type { ClinicAccess } from '../auth/clinicAccess';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import type { JobRunner } from '../jobs/runner';
import type { MessagingService } from '../messaging/service';
import type { NetworkHooks } from '../network/hooks';
import type { PhotoStaging } from '../photos/staging';
import type { PhotoStore } from '../photos/store';

/** What every handler module is built from; one instance per open clinic. */
export interface ApiDeps {
  db: Db;
  clock: Clock;
  dataDir: string;
  demo: boolean;
  systemTimeZone: string;
  version: string;
  /** The clinic's encrypted photo files. */
  photos: PhotoStore;
  /** Who may open the clinic: key slots, sessions, what a session has already viewed. */
  access: ClinicAccess;
  /** Saves the window's current page as a PDF where the user chooses; the path, or null when cancelled. */
  savePdf?: (fileName: string) => Promise<string | null>;
  /** Saves bytes to a file where the user chooses; the path, or null when cancelled. */
  saveFile?: (fileName: string, bytes: Buffer) => Promise<string | null>;
  /** Long work on worker threads with their own connections (electron/jobs). */
  jobs: JobRunner;
  log?: (message: string, err?: unknown) => void;
  /** Files the user chose for import, by token. */
  staging: PhotoStaging;
  /** The outbox and its sender: messages to patients through the clinic's own mail account. */
  messaging: MessagingService;
  /** Sharing the clinic with workstations (issue 13); on a clinic without it, the network methods say so. */
  network: NetworkHooks;
}
