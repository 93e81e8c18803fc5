import {
  backupHealth,
  DEFAULT_BACKUP_EVERY_HOURS,
  type BackupAttempt,
  type BackupRun,
  type BackupStatus,
  type BackupSummary,
} from '../../shared/backup';
import type { Actor } from '../../shared/staff';
import type { Clock } from '../clock';
import { readAppState, writeAppState } from '../db/appStateRepo';
import { recordAudit } from '../db/auditRepo';
import type { Db } from '../db/connection';
import { readClinicSettings } from '../db/settingsRepo';
import { JobCancelled, JobFailed, type JobRunner } from '../jobs/runner';
import { BackupError } from './engine';
import { onNetworkShare, reachable, readPlaces, writePlaces, type BackupRefs } from './places';

const EVERY_KEY = 'backup_every_hours';
const AT_QUIT_KEY = 'backup_at_quit';
const LAST_ATTEMPT_KEY = 'backup_last_attempt';
const LAST_FULL_CHECK_KEY = 'integrity_last_full_at_ms';
const WEEK_MS = 7 * 24 * 3_600_000;

export interface BackupServiceOptions {
  db: Db;
  dataDir: string;
  clinicId: string;
  dbKey: Buffer;
  photoKey: Buffer;
  clock: Clock;
  jobs: JobRunner;
  refs: BackupRefs;
  systemTimeZone: string;
  version: string;
  device: string;
  /** How often to look whether a backup or the weekly check is due; 0 for never (tests call them). */
  intervalMs: number;
  /** Milliseconds after opening to run the quick check in the background; null for never (tests call it). */
  quickCheckAfterMs: number | null;
  /** The clinic's database failed an integrity check: stop writes and show the recovery screen. */
  onDamaged: (problem: string) => void;
  log?: (message: string, err?: unknown) => void;
}

const SCHEDULED: Actor = { id: 0, name: 'Scheduled backup', role: 'admin', device: '' };

/**
 * Backs up the open clinic to each place the owner chose, every few hours while the app runs
 * and when it quits, on a worker thread; keeps the last attempt and the places; runs SQLite's
 * quick check after opening and the full integrity check weekly.
 */
export class BackupService {
  private running: (BackupRun & { abort: AbortController }) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private quickTimer: ReturnType<typeof setTimeout> | null = null;
  private lastVerifiedCache: BackupSummary | null | undefined;

  constructor(private readonly o: BackupServiceOptions) {}

  private now(): number {
    return this.o.clock.nowMs();
  }

  // --- settings ---------------------------------------------------------------------------

  places(): string[] {
    const fromDb = readAppState(this.o.db, 'backup_places');
    if (fromDb === null) return readPlaces(this.o.dataDir);
    try {
      return JSON.parse(fromDb) as string[];
    } catch {
      return [];
    }
  }

  private savePlaces(places: string[]): void {
    writeAppState(this.o.db, 'backup_places', JSON.stringify(places));
    writePlaces(this.o.dataDir, places);
    this.lastVerifiedCache = undefined;
  }

  addPlace(place: string, actor: Actor): void {
    const places = this.places();
    if (places.includes(place)) return;
    this.o.db.transaction(() => {
      this.savePlaces([...places, place]);
      this.audit(actor, 'create', 'backup_place', place);
    })();
  }

  removePlace(index: number, actor: Actor): void {
    const places = this.places();
    const place = places[index];
    if (place === undefined) return;
    this.o.db.transaction(() => {
      this.savePlaces(places.filter((_, i) => i !== index));
      this.audit(actor, 'delete', 'backup_place', place);
    })();
  }

  everyHours(): number {
    const n = Number(readAppState(this.o.db, EVERY_KEY));
    return Number.isInteger(n) && n >= 1 ? n : DEFAULT_BACKUP_EVERY_HOURS;
  }

  atQuit(): boolean {
    return readAppState(this.o.db, AT_QUIT_KEY) !== 'false';
  }

  saveSettings(s: { everyHours: number; atQuit: boolean }, actor: Actor): void {
    this.o.db.transaction(() => {
      const before = { everyHours: this.everyHours(), atQuit: this.atQuit() };
      writeAppState(this.o.db, EVERY_KEY, String(s.everyHours));
      writeAppState(this.o.db, AT_QUIT_KEY, String(s.atQuit));
      recordAudit(this.o.db, {
        atMs: this.now(),
        staff: actor,
        action: 'update',
        entity: 'backup_settings',
        entityId: '1',
        before,
        after: s,
      });
    })();
  }

  private audit(actor: Actor, action: 'create' | 'delete' | 'export', entity: string, id: string, after?: unknown): void {
    recordAudit(this.o.db, {
      atMs: this.now(),
      staff: actor.id === 0 ? { ...actor, device: this.o.device } : actor,
      action,
      entity,
      entityId: id,
      before: undefined,
      after,
      patientId: null,
    });
  }

  // --- status -----------------------------------------------------------------------------

  lastAttempt(): BackupAttempt | null {
    const saved = readAppState(this.o.db, LAST_ATTEMPT_KEY);
    try {
      return saved ? (JSON.parse(saved) as BackupAttempt) : null;
    } catch {
      return null;
    }
  }

  /** The newest verified backup at any place (read from the places, then remembered). */
  lastVerified(): BackupSummary | null {
    if (this.lastVerifiedCache === undefined) {
      this.lastVerifiedCache = this.o.refs.list(this.places(), this.o.clinicId).find((b) => b.verified) ?? null;
    }
    return this.lastVerifiedCache;
  }

  list(): BackupSummary[] {
    return this.o.refs.list(this.places(), this.o.clinicId);
  }

  status(): BackupStatus {
    const lastVerified = this.lastVerified();
    const lastAttempt = this.lastAttempt();
    const running = this.running ? (({ abort: _a, ...r }) => r)(this.running) : null;
    return {
      places: this.places().map((p) => ({ path: p, reachable: reachable(p), networkShare: onNetworkShare(p) })),
      everyHours: this.everyHours(),
      atQuit: this.atQuit(),
      lastVerified,
      lastAttempt,
      running,
      ...backupHealth(lastVerified, lastAttempt, this.now()),
    };
  }

  // --- backing up -------------------------------------------------------------------------

  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Backs up to every place in turn (one at a time), verified. Resolves when done, failed or
   * cancelled; the outcome is kept as the last attempt and in the audit trail.
   */
  async runNow(actor: Actor | null): Promise<BackupAttempt[]> {
    if (this.running) return [];
    const places = this.places();
    const who = actor ?? SCHEDULED;
    const abort = new AbortController();
    const attempts: BackupAttempt[] = [];
    if (places.length === 0) {
      const attempt = {
        atMs: this.now(),
        ok: false,
        place: '',
        problem: 'No backup place is chosen: add one in Settings → Backups.',
      };
      writeAppState(this.o.db, LAST_ATTEMPT_KEY, JSON.stringify(attempt));
      return [attempt];
    }
    try {
      for (const place of places) {
        if (abort.signal.aborted) break;
        const startedAtMs = this.now();
        this.running = { step: 'Starting', done: 0, total: 1, startedAtMs, place, abort };
        const settings = readClinicSettings(this.o.db, this.o.systemTimeZone);
        let attempt: BackupAttempt;
        try {
          const manifest = await this.o.jobs.run(
            'makeBackup',
            {
              place,
              dataDir: this.o.dataDir,
              clinicId: this.o.clinicId,
              clinicName: settings.name,
              nowMs: startedAtMs,
              createdBy: who.name,
              device: who.device || this.o.device,
              appVersion: this.o.version,
              dbKeyHex: this.o.dbKey.toString('hex'),
              photoKeyHex: this.o.photoKey.toString('hex'),
              timeZone: settings.timeZone,
            },
            (done, total, step) => {
              if (this.running) Object.assign(this.running, { done, total, ...(step ? { step } : {}) });
            },
            abort.signal,
          );
          attempt = {
            atMs: startedAtMs,
            ok: manifest.verified?.ok === true,
            place,
            problem: manifest.verified?.ok ? null : (manifest.verified?.problem ?? 'The backup could not be verified.'),
          };
          this.audit(who, 'export', 'backup', manifest.id, { place, verified: attempt.ok, counts: manifest.counts });
        } catch (err) {
          if (err instanceof JobCancelled) {
            attempts.push({ atMs: startedAtMs, ok: false, place, problem: 'Cancelled.' });
            break;
          }
          const damaged = (err instanceof JobFailed && err.damaged) || (err instanceof BackupError && err.damaged);
          const problem = err instanceof Error ? err.message : String(err);
          attempt = { atMs: startedAtMs, ok: false, place, problem };
          this.o.log?.(`Backup to ${place} failed`, err);
          if (damaged) this.o.onDamaged(problem);
        }
        attempts.push(attempt);
        // A cancelled backup leaves the last real attempt as it was.
        writeAppState(this.o.db, LAST_ATTEMPT_KEY, JSON.stringify(attempt));
      }
    } finally {
      this.running = null;
      this.lastVerifiedCache = undefined;
    }
    return attempts;
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  /** Whether a scheduled backup is due now. */
  due(): boolean {
    if (this.places().length === 0) return false;
    const last = this.lastAttempt();
    return !last || this.now() - last.atMs >= this.everyHours() * 3_600_000;
  }

  // --- integrity --------------------------------------------------------------------------

  /** SQLite's quick check (after opening) or full integrity check (weekly and before restores). */
  async checkIntegrity(full: boolean): Promise<{ ok: boolean; problem: string | null }> {
    let result: { ok: boolean; problem: string | null };
    try {
      result = await this.o.jobs.run('integrityCheck', { full });
    } catch (err) {
      // A database too damaged even to open for the check.
      if ((err instanceof JobFailed && err.damaged) || (err as { code?: string }).code?.startsWith('SQLITE_CORRUPT')) {
        result = { ok: false, problem: err instanceof Error ? err.message : String(err) };
      } else {
        throw err;
      }
    }
    if (full) writeAppState(this.o.db, LAST_FULL_CHECK_KEY, String(this.now()));
    if (!result.ok) this.o.onDamaged(result.problem ?? 'SQLite found the database damaged.');
    return result;
  }

  private fullCheckDue(): boolean {
    const last = Number(readAppState(this.o.db, LAST_FULL_CHECK_KEY) ?? 0);
    return this.now() - last >= WEEK_MS;
  }

  /** After the clinic opens: the quick check in the background, then the timer. */
  start(): void {
    if (this.o.quickCheckAfterMs !== null) {
      const t = setTimeout(() => {
        this.checkIntegrity(false).catch((err: unknown) => this.o.log?.('Quick check could not run', err));
      }, this.o.quickCheckAfterMs);
      t.unref?.();
      this.quickTimer = t;
    }
    if (this.o.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      const work = async () => {
        if (this.fullCheckDue()) await this.checkIntegrity(true);
        if (this.due()) await this.runNow(null);
      };
      work().catch((err: unknown) => this.o.log?.('Scheduled backup could not run', err));
    }, this.o.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.quickTimer) clearTimeout(this.quickTimer);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.running?.abort.abort();
  }
}
