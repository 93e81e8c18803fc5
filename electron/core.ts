import fs from 'node:fs';
import path from 'node:path';
import { CLINIC_OWNER, type StaffMember } from '../shared/staff';
import { calendarDayIn } from '../shared/dates';
import { ApiError } from '../shared/envelope';
import { createHandlers } from './api';
import type { StartMode } from './api/deps';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { writeAppState } from './db/appStateRepo';
import { openDatabase, type Db } from './db/connection';
import { buildDemoFolder, DATABASE_FILE, DEMO_MARKER_FILE, demoFolderBeside, isDemoFolder } from './demo/demoFolder';
import { addDemoPhotos } from './demo/demoPhotos';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { contract, type MethodName } from '../shared/contract';
import type { StagedFile } from '../shared/photos';
import { photoResponse, type PhotoResponse } from './photos/serve';
import { PhotoStaging } from './photos/staging';

export { DATABASE_FILE, DEMO_MARKER_FILE };

export interface CoreOptions {
  dataDir: string;
  trustedOrigin: string;
  clock?: Clock;
  version?: string;
  systemTimeZone?: string;
  /** Where "Explore with demo data" builds the demo clinic; beside the data folder unless given. */
  demoDir?: string;
  log?: (message: string, err?: unknown) => void;
  /** Electron's printToPDF with a save dialog, or the test harness's page.pdf. */
  savePdf?: (fileName: string) => Promise<string | null>;
  /** Electron's save dialog, or the test harness's exports folder. */
  saveFile?: (fileName: string, bytes: Buffer) => Promise<string | null>;
}

export interface ClinicCore {
  dispatch: Dispatch;
  /** The open clinic's database (the demo's while the demo is open). */
  readonly db: Db;
  readonly dataDir: string;
  /** A photo's display copy by id for the app's own protocol (or the harness's loopback route). */
  photo(pathname: string): PhotoResponse;
  /** Files the user handed over for import (paths from the preload, or the harness's uploads). */
  stagePaths(paths: readonly string[]): StagedFile[];
  close(): void;
}

interface OpenClinic {
  db: Db;
  dir: string;
  handlers: Handlers;
}

/**
 * The whole main-process application minus Electron: the database, the handlers and
 * the dispatcher. electron/main.ts and the browser test harness both build exactly this.
 * It can switch between the clinic's own folder and the separate demo folder.
 */
export function createClinicCore(opts: CoreOptions): ClinicCore {
  const clock = opts.clock ?? systemClock;
  const systemTimeZone = opts.systemTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const homeDir = opts.dataDir;
  const demoDir = opts.demoDir ?? demoFolderBeside(homeDir);
  const staging = new PhotoStaging(() => clock.nowMs());

  function open(dir: string): OpenClinic {
    fs.mkdirSync(dir, { recursive: true });
    const db = openDatabase(path.join(dir, DATABASE_FILE));
    const handlers = createHandlers({
      db,
      clock,
      dataDir: dir,
      demo: isDemoFolder(dir),
      systemTimeZone,
      version: opts.version ?? '0.0.0',
      chooseStart,
      staging,
      ...(opts.savePdf ? { savePdf: opts.savePdf } : {}),
      ...(opts.saveFile ? { saveFile: opts.saveFile } : {}),
    });
    return { db, dir, handlers };
  }

  let current = open(homeDir);

  function switchTo(dir: string): void {
    const next = open(dir);
    current.db.close();
    current = next;
  }

  async function chooseStart(mode: StartMode): Promise<void> {
    if (mode === 'clinic') {
      writeAppState(current.db, 'start', 'clinic');
    } else if (mode === 'demo') {
      if (isDemoFolder(current.dir)) return;
      const nowMs = clock.nowMs();
      const today = calendarDayIn(systemTimeZone, nowMs);
      if (buildDemoFolder(demoDir, { today, nowMs, rebuild: false })) await addDemoPhotos(demoDir, { today, nowMs });
      switchTo(demoDir);
    } else {
      if (!isDemoFolder(current.dir)) return;
      if (isDemoFolder(homeDir)) {
        throw new ApiError(
          'CONFLICT',
          'This demo was opened directly from its folder. Start Clinic Records without --data-dir to open your clinic.',
        );
      }
      switchTo(homeDir);
    }
  }

  // Every call goes to the clinic open at that moment.
  const handlers = Object.fromEntries(
    (Object.keys(contract) as MethodName[]).map((m) => [
      m,
      (input: never, ctx: never) => (current.handlers[m] as (i: never, c: never) => unknown)(input, ctx),
    ]),
  ) as unknown as Handlers;
  const staff: StaffMember = CLINIC_OWNER;
  const dispatch = createDispatcher({
    handlers,
    trustedOrigin: opts.trustedOrigin,
    currentStaff: () => staff,
    onInternalError: (method, err) => opts.log?.(`Call ${method} failed`, err),
  });
  return {
    dispatch,
    get db() {
      return current.db;
    },
    get dataDir() {
      return current.dir;
    },
    photo: (pathname) => photoResponse(current.db, current.dir, pathname),
    stagePaths: (paths) => staging.stagePaths(paths),
    close: () => current.db.close(),
  };
}
