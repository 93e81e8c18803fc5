import fs from 'node:fs';
import path from 'node:path';
import { CLINIC_OWNER, type StaffMember } from '../shared/staff';
import { createHandlers } from './api';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase, type Db } from './db/connection';
import { createDispatcher, type Dispatch } from './dispatch';

export const DATABASE_FILE = 'clinic.sqlite';
/** A file that marks a data folder as the demo clinic, so demo data never mixes with a real one. */
export const DEMO_MARKER_FILE = 'DEMO-CLINIC.txt';

export interface CoreOptions {
  dataDir: string;
  trustedOrigin: string;
  clock?: Clock;
  version?: string;
  systemTimeZone?: string;
  log?: (message: string, err?: unknown) => void;
}

export interface ClinicCore {
  dispatch: Dispatch;
  db: Db;
  dataDir: string;
  close(): void;
}

/**
 * The whole main-process application minus Electron: the database, the handlers and
 * the dispatcher. electron/main.ts and the browser test harness both build exactly this.
 */
export function createClinicCore(opts: CoreOptions): ClinicCore {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(path.join(opts.dataDir, DATABASE_FILE));
  const staff: StaffMember = CLINIC_OWNER;
  const handlers = createHandlers({
    db,
    clock: opts.clock ?? systemClock,
    dataDir: opts.dataDir,
    demo: fs.existsSync(path.join(opts.dataDir, DEMO_MARKER_FILE)),
    systemTimeZone: opts.systemTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    version: opts.version ?? '0.0.0',
  });
  const dispatch = createDispatcher({
    handlers,
    trustedOrigin: opts.trustedOrigin,
    currentStaff: () => staff,
    onInternalError: (method, err) => opts.log?.(`Call ${method} failed`, err),
  });
  return {
    dispatch,
    db,
    dataDir: opts.dataDir,
    close: () => db.close(),
  };
}
