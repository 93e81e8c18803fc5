import fs from 'node:fs';
import { calendarDayIn, epochMsToZoned } from '../shared/time';
import { ApiError } from '../shared/envelope';
import { contract, type MethodName } from '../shared/contract';
import type { StagedFile } from '../shared/photos';
import { createHandlers } from './api';
import { authHandlers } from './api/auth';
import { ClinicAccess, type ClinicFolder } from './auth/clinicAccess';
import { isPlainSqlite, DATABASE_FILE } from './auth/convert';
import { PRODUCTION_KDF, type KdfCost } from './auth/crypto';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Db } from './db/connection';
import { buildDemoFolder, DEMO_MARKER_FILE, demoFolderBeside, isDemoFolder } from './demo/demoFolder';
import { createDispatcher, isPublic, LOCAL_SESSION, type ClinicHandlers, type Dispatch, type Handlers } from './dispatch';
import { photoResponse, type PhotoResponse } from './photos/serve';
import { PhotoStaging } from './photos/staging';
import { createJobRunner } from './jobs/runner';
import { networkPublicHandlers } from './api/network';
import { standaloneHooks, type NetworkHooks } from './network/hooks';
import { BackupService } from './backup/service';
import { BackupRefs, readPlaces } from './backup/places';
import { restoreBackup, RestoreError } from './backup/restore';
import { isDataKeyOf } from './auth/keyring';
import { recordAudit } from './db/auditRepo';
import { describeFault } from './faults';
import { sweepPrivateCopies } from './photos/pipeline';
import { sweepPhotoStore } from './photos/sweep';
import { openLog } from './log';
import { diagnosticsHandlers, type DiagnosticsDeps } from './api/diagnostics';
import { recoveryHandlers, type RecoveryDeps } from './api/recovery';
import type { RecoveryInfo } from '../shared/backup';
import type { Actor } from '../shared/staff';
import { DEFAULT_INTERVAL_MS, MessagingService } from './messaging/service';
import { allowPermission, CaptureWindow, type PermissionAsk } from './shell/cameraPermission';
import path from 'node:path';

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
  /** argon2id's cost for passwords; the app always uses PRODUCTION_KDF, tests about other things a cheap one. */
  kdf?: KdfCost;
  /** This computer's name in the audit trail. */
  device?: string;
  /** How often the outbox is sent (60 s unless given); 0 leaves sending to "Send now" (tests drive it). */
  messageIntervalMs?: number;
  /** Shorter waits on a mail server that does not answer, for tests. */
  mailTimeouts?: { connect: number; socket: number };
  /** Sharing with workstations (electron/network/station.ts); without it the clinic stands alone. */
  network?: NetworkHooks;
  /** The device a session is on when it is a workstation's (its name, for the audit trail). */
  deviceOf?: (session: string) => string | undefined;
  /** Whether a workstation is paired and not revoked (asked by the dispatcher on each of its calls). */
  workstationPaired?: (id: string) => boolean;
  /** The system's folder picker (backup places, a folder of backups to restore from); a stand-in under the tests. */
  chooseFolder?: (title: string) => Promise<string | null>;
  /** The system's save dialog for a file the main process writes itself (the archive of everything). */
  choosePath?: (fileName: string) => Promise<string | null>;
  /** How often to look whether a backup or the weekly integrity check is due (a minute unless given; 0 never). */
  backupCheckMs?: number;
  /** When to run SQLite's quick check after the clinic opens (1.5 s unless given; null never). */
  quickCheckAfterMs?: number | null;
}

export interface ClinicCore {
  dispatch: Dispatch;
  /** The open clinic's database (the demo's while the demo is open); throws until someone has signed in. */
  readonly db: Db;
  readonly dataDir: string;
  /** Who may open the clinic and who is signed in where. */
  readonly access: ClinicAccess;
  /** A photo's display copy by id for the app's own protocol (or the harness's loopback route); only for a signed-in clinician. */
  photo(pathname: string, session?: string): PhotoResponse;
  /** Files the user handed over for import (paths from the preload, or the harness's uploads). */
  stagePaths(paths: readonly string[]): StagedFile[];
  /**
   * Electron's permission handlers ask here: the camera (video only) for the app's own page while
   * its capture view is open for a signed-in clinician; nothing else, ever.
   */
  allowPermission(ask: PermissionAsk, session?: string): boolean;
  /** The capture view's hold on the camera ends (the page was reloaded or went away). */
  closeCamera(): void;
  /** Locks every screen (the computer is going to sleep). */
  lockAll(reason: string): void;
  /** The open clinic's backups (null while no clinic is open). */
  readonly backups: BackupService | null;
  /** Where the log is written. */
  readonly logFile: string;
  close(): void;
}

/**
 * The whole main-process application minus Electron: who is signed in, the database, the
 * handlers and the dispatcher. electron/main.ts and the browser test harness both build exactly
 * this. It can switch between the clinic's own folder and the separate demo folder.
 */
export function createClinicCore(opts: CoreOptions): ClinicCore {
  const clock = opts.clock ?? systemClock;
  const systemTimeZone = opts.systemTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const homeDir = opts.dataDir;
  const demoDir = opts.demoDir ?? demoFolderBeside(homeDir);
  const kdf = opts.kdf ?? PRODUCTION_KDF;
  const staging = new PhotoStaging(() => clock.nowMs());
  const camera = new CaptureWindow();
  let clinicHandlers: ClinicHandlers | null = null;
  let messaging: MessagingService | null = null;
  let backups: BackupService | null = null;
  if (!fs.existsSync(homeDir)) fs.mkdirSync(homeDir, { recursive: true, mode: 0o700 });
  const appLog = openLog(homeDir);
  const log = (message: string, err?: unknown) => {
    appLog.error(message, err);
    opts.log?.(message, err);
  };
  const refs = new BackupRefs();
  /** Folders of backups chosen on the recovery screen in this run of the app. */
  const chosenPlaces: string[] = [];

  const network: NetworkHooks = opts.network ?? standaloneHooks(() => access.status(LOCAL_SESSION).clinicName);
  const access: ClinicAccess = new ClinicAccess(ClinicAccess.folderAt(homeDir, isDemoFolder(homeDir)), {
    clock,
    kdf,
    device: opts.device ?? 'This computer',
    systemTimeZone,
    log,
    describeRecovery,
    ...(opts.deviceOf ? { deviceOf: opts.deviceOf } : {}),
    onOpen: (folder: ClinicFolder) => {
      // The outbox is sent by a timer in this process for as long as the clinic is open (the data
      // key stays in memory while a screen is locked, so reminders go out then too).
      messaging?.stop();
      messaging = new MessagingService({
        db: folder.db!,
        clock,
        systemTimeZone,
        device: opts.device ?? 'This computer',
        intervalMs: opts.messageIntervalMs ?? DEFAULT_INTERVAL_MS,
        ...(opts.mailTimeouts ? { timeouts: opts.mailTimeouts } : {}),
        log,
      });
      // What a crash can leave in the photo store goes to quarantine (never deleted), before anything else;
      // a plain private copy an import left in the temporary folder is removed.
      // Each on its own: a fault in one never keeps the other from running.
      try {
        sweepPhotoStore(folder.db!, folder.dir, clock.nowMs(), opts.device ?? 'This computer');
      } catch (err) {
        log('Sweeping the photo store failed', err);
      }
      try {
        sweepPrivateCopies();
      } catch (err) {
        log('Removing private copies left by an import failed', err);
      }
      const jobs = createJobRunner({ file: path.join(folder.dir, DATABASE_FILE), key: folder.dbKey ?? null, log });
      backups?.stop();
      backups = new BackupService({
        db: folder.db!,
        dataDir: folder.dir,
        clinicId: folder.keyring!.clinicId,
        dbKey: folder.dbKey!,
        photoKey: folder.photos!.key,
        clock,
        jobs,
        refs,
        systemTimeZone,
        version: opts.version ?? '0.0.0',
        device: opts.device ?? 'This computer',
        intervalMs: opts.backupCheckMs ?? 60_000,
        quickCheckAfterMs: opts.quickCheckAfterMs === undefined ? 1500 : opts.quickCheckAfterMs,
        onDamaged: (problem) => access.markDamaged(problem),
        log,
      });
      clinicHandlers = createHandlers({
        backups,
        restore: restoreFromBackup,
        ...(opts.chooseFolder ? { chooseFolder: opts.chooseFolder } : {}),
        ...(opts.choosePath ? { choosePath: opts.choosePath } : {}),
        messaging,
        db: folder.db!,
        clock,
        dataDir: folder.dir,
        demo: folder.demo,
        systemTimeZone,
        version: opts.version ?? '0.0.0',
        staging,
        camera,
        photos: folder.photos!,
        access,
        jobs,
        log,
        network,
        ...(opts.savePdf ? { savePdf: opts.savePdf } : {}),
        ...(opts.saveFile ? { saveFile: opts.saveFile } : {}),
      });
      messaging.start();
      backups.start();
    },
    onClose: () => {
      messaging?.stop();
      messaging = null;
      backups?.stop();
      backups = null;
      clinicHandlers = null;
    },
  });

  /** "Explore with demo data": builds the demo beside the clinic's folder once, opens it, signs in its owner. */
  async function exploreDemo(session: string) {
    if (!access.folder.demo) {
      const nowMs = clock.nowMs();
      const today = calendarDayIn(systemTimeZone, nowMs);
      // A demo built by a version before encryption is invented data: build it again, encrypted.
      const oldPlainDemo = isDemoFolder(demoDir) && isPlainSqlite(path.join(demoDir, DATABASE_FILE));
      await buildDemoFolder(demoDir, { today, nowMs, rebuild: oldPlainDemo, kdf });
      access.switchTo(ClinicAccess.folderAt(demoDir, true));
    }
    return access.signInDemo(session);
  }

  function leaveDemo(session: string) {
    if (!access.folder.demo) return access.status(session);
    if (isDemoFolder(homeDir)) {
      throw new ApiError(
        'CONFLICT',
        'This demo was opened directly from its folder. Start Clinic Records without --data-dir to open your clinic.',
      );
    }
    access.switchTo(ClinicAccess.folderAt(homeDir, false));
    return access.status(session);
  }

  /** The places to look for backups: those the clinic set (kept beside its data), and any chosen now. */
  const knownPlaces = () => [...new Set([...readPlaces(homeDir), ...chosenPlaces])];

  /** The recovery screen's facts: the latest verified backup, and what restoring it would lose. */
  function describeRecovery(reason: RecoveryInfo['reason'], message: string): RecoveryInfo {
    const latest = refs.list(knownPlaces(), access.folder.keyring?.clinicId ?? null).find((b) => b.verified) ?? null;
    let lostSince: string | null = null;
    if (latest) {
      const at = epochMsToZoned(latest.atMs, systemTimeZone);
      const when = `${at.day} ${at.time}`;
      lostSince = `Anything recorded after ${when}, when that backup was made, is not in it.`;
      const head = refs.get(latest.ref)?.manifest.auditHead.id;
      const db = access.folder.db;
      if (db && head !== undefined) {
        try {
          const since = db.prepare('SELECT count(*) AS n, max(at_ms) AS last FROM audit_log WHERE id > ?').get(head) as {
            n: number;
            last: number | null;
          };
          lostSince =
            since.n === 0
              ? 'Nothing recorded since that backup would be lost.'
              : `${since.n} recorded ${since.n === 1 ? 'change' : 'changes'} since that backup would be lost (the latest ${calendarDayIn(systemTimeZone, since.last!)}).`;
        } catch {
          // The damaged database could not even be counted: the general sentence stands.
        }
      }
    }
    return { reason, message, latest, lostSince };
  }

  /** Restores a backup of this clinic over the open one, setting the current data aside. */
  async function restoreFromBackup(ref: string, actor: Actor): Promise<{ setAsideTo: string | null }> {
    const found = refs.get(ref);
    if (!found) throw new ApiError('NOT_FOUND', 'That backup is no longer listed: open the list again.');
    const folder = access.folder;
    if (!folder.keyring || !folder.dataKey || found.manifest.clinicId !== folder.keyring.clinicId) {
      throw new ApiError(
        'CONFLICT',
        `This backup is of another clinic (${found.manifest.clinicName}). To open it, start Clinic Records on its own folder and restore it there.`,
      );
    }
    const dataKey = Buffer.from(folder.dataKey);
    const result = await restoreBackup({
      found,
      dataDir: folder.dir,
      nowMs: clock.nowMs(),
      unlock: (k) => {
        if (!isDataKeyOf(k, dataKey)) throw new ApiError('CONFLICT', 'This backup’s key file does not belong to this clinic.');
        return Promise.resolve(dataKey);
      },
      closeCurrent: () => access.close(),
    }).catch((err: unknown) => {
      if (err instanceof RestoreError) throw new ApiError('CONFLICT', err.message);
      throw err;
    });
    access.switchTo(ClinicAccess.folderAt(folder.dir, folder.demo));
    access.openRestored(dataKey);
    recordAudit(access.folder.db!, {
      atMs: clock.nowMs(),
      staff: actor,
      action: 'restore',
      entity: 'backup',
      entityId: found.manifest.id,
      before: undefined,
      after: { place: found.place, setAsideTo: result.setAsideTo },
      patientId: null,
    });
    log(`Backup ${found.manifest.id} restored; earlier data set aside in ${result.setAsideTo ?? '(nothing)'}`);
    return result;
  }

  const recoveryDeps: RecoveryDeps = {
    access,
    refs,
    clock,
    log,
    chosenPlaces,
    knownPlaces,
    ...(opts.chooseFolder ? { chooseFolder: opts.chooseFolder } : {}),
  };
  const diagnosticsDeps: DiagnosticsDeps = {
    access,
    version: opts.version ?? '0.0.0',
    logFile: () => appLog.file,
    recent: () => appLog.recent(),
    knownPlaces,
  };

  const publicHandlers = {
    ...authHandlers({ access, exploreDemo, leaveDemo }),
    ...recoveryHandlers(recoveryDeps),
    ...diagnosticsHandlers(diagnosticsDeps),
    ...networkPublicHandlers(network),
  };

  // Every call goes to the clinic open at that moment; the sign-in methods to the access keeper.
  const handlers = Object.fromEntries(
    (Object.keys(contract) as MethodName[]).map((m) => [
      m,
      isPublic(m)
        ? (publicHandlers as Record<string, unknown>)[m]
        : (input: never, ctx: never) => {
            if (!clinicHandlers) throw new ApiError('NOT_SIGNED_IN', 'Sign in to continue.');
            return (clinicHandlers[m as keyof ClinicHandlers] as (i: never, c: never) => unknown)(input, ctx);
          },
    ]),
  ) as unknown as Handlers;

  const dispatch = createDispatcher({
    handlers,
    trustedOrigin: opts.trustedOrigin,
    caller: (session) => access.caller(session),
    onActivity: (session) => access.touch(session),
    onInternalError: (method, err) => log(`Call ${method} failed`, err),
    describeFault: (err) => {
      const fault = describeFault(err, access.folder.dir);
      if (fault?.damaged) access.markDamaged(err instanceof Error ? err.message : String(err));
      return fault?.error ?? null;
    },
    logFile: () => appLog.file,
    ...(opts.workstationPaired ? { workstationPaired: opts.workstationPaired } : {}),
  });

  return {
    dispatch,
    access,
    get db() {
      const db = access.folder.db;
      if (!db) throw new Error('No clinic database is open: nobody has signed in since the start.');
      return db;
    },
    get dataDir() {
      return access.folder.dir;
    },
    photo: (pathname, session = LOCAL_SESSION) => {
      const caller = access.caller(session);
      // Photos are clinical: only a signed-in, unlocked practitioner or owner sees them.
      if (caller.state !== 'signed_in' || caller.actor.role === 'reception') return { status: 404 };
      return photoResponse(access.folder.db, access.folder.photos, pathname);
    },
    stagePaths: (paths) => staging.stagePaths(paths),
    allowPermission: (ask, session = LOCAL_SESSION) => {
      const caller = access.caller(session);
      const clinician = caller.state === 'signed_in' && caller.actor.role !== 'reception';
      return allowPermission(ask, {
        trustedOrigin: opts.trustedOrigin,
        captureOpen: clinician && camera.isOpen(session, clock.nowMs()),
      });
    },
    closeCamera: () => camera.closeAll(),
    lockAll: (reason) => {
      camera.closeAll();
      access.lockAll(reason);
    },
    get backups() {
      return backups;
    },
    logFile: appLog.file,
    close: () => access.close(),
  };
}
