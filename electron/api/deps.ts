import type { BackupService } from '../backup/service';
import type { Actor } from '../../shared/staff';
import type { ClinicAccess } from '../auth/clinicAccess';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import type { JobRunner } from '../jobs/runner';
import type { MessagingService } from '../messaging/service';
import type { NetworkHooks } from '../network/hooks';
import type { PhotoStaging } from '../photos/staging';
import type { PhotoStore } from '../photos/store';
import type { CaptureWindow } from '../shell/cameraPermission';

/** What every handler module is built from; one instance per open clinic. */
export interface ApiDeps {
  /** Backups of this clinic, its integrity checks, and their schedule. */
  backups: BackupService;
  /** The system's folder picker (a stand-in under the tests); the path, or null when cancelled. */
  chooseFolder?: (title: string) => Promise<string | null>;
  /** The system's save dialog for a file written by the main process; the path, or null. */
  choosePath?: (fileName: string) => Promise<string | null>;
  /** Restores a backup (by its reference) in place of the open clinic; everyone signs in again. */
  restore: (ref: string, actor: Actor) => Promise<{ setAsideTo: string | null }>;
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
  /** Which screens have the capture view open: the camera is allowed only then (electron/shell/cameraPermission.ts). */
  camera: CaptureWindow;
  /** The outbox and its sender: messages to patients through the clinic's own mail account. */
  messaging: MessagingService;
  /** Sharing the clinic with workstations (issue 13); on a clinic without it, the network methods say so. */
  network: NetworkHooks;
}
