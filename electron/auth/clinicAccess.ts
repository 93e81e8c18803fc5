import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  canonicalSetupCode,
  DEFAULT_IDLE_MINUTES,
  formatRecoveryKey,
  formatSetupCode,
  parseRecoveryKey,
  passwordStrength,
  RECOVERY_KEY_BYTES,
  SETUP_CODE_LIFETIME_MS,
  type AuthStatus,
  type ConversionProgress,
} from '../../shared/auth';
import type { RecoveryInfo } from '../../shared/backup';
import { ApiError } from '../../shared/envelope';
import { PLACES_FILE } from '../backup/places';
import type { Actor } from '../../shared/staff';
import type { Clock } from '../clock';
import { readAppState, writeAppState } from '../db/appStateRepo';
import { recordAudit, type AuditEntry } from '../db/auditRepo';
import { openDatabase, UPGRADE_BACKUP_FOLDER, type Db } from '../db/connection';
import { plainClinicName, plannedOwnerId } from '../db/fileOps';
import {
  activeNamesake,
  getTeamMember,
  insertTeamMember,
  readPin,
  setAccountState,
  setStaffRole,
  writePin,
} from '../db/staffRepo';
import { writeClinicSettings, readClinicSettings } from '../db/settingsRepo';
import type { CallerState } from '../dispatch';
import { PHOTOS_FOLDER, photoStoreOf, type PhotoStore } from '../photos/store';
import { conversionLeftovers, convertPlainClinic, DATABASE_FILE, finishConversion, isPlainSqlite, makePrivate } from './convert';
import type { KdfCost } from './crypto';
import {
  clinicKeys,
  isDataKeyOf,
  decoyAttempt,
  makeSlot,
  newKeyring,
  openSlot,
  readKeyring,
  writeKeyring,
  type Keyring,
  type Slot,
} from './keyring';
import { DEMO_OWNER_NAME, DEMO_PASSWORD } from '../demo/demoFolder';
import { hashPin, pinMatches } from './pin';
import { Sessions, type SessionRecord } from './sessions';
import { SignInThrottle } from './throttle';

const IDLE_KEY = 'idle_minutes';
const WRONG = 'That name and password do not match. Check both and try again.';
const KEY_FILE_MISSING =
  'This folder holds an encrypted clinic database but not its key file (keyring.json), so nothing can open it here and nothing was changed. ' +
  'Copy keyring.json from the folder the database came from, or restore the whole folder from a backup.';

/** A clinic folder: its key file, and once someone has signed in since start, its open database. */
export interface ClinicFolder {
  dir: string;
  demo: boolean;
  keyring: Keyring | null;
  dataKey: Buffer | null;
  /** The database's own key (derived from the data key), for the worker threads' connections. */
  dbKey?: Buffer | null;
  db: Db | null;
  photos: PhotoStore | null;
}

export interface AccessOptions {
  clock: Clock;
  kdf: KdfCost;
  /** The name this computer's screen is recorded under in the audit trail. */
  device: string;
  systemTimeZone: string;
  /** Called when a folder's database has just been opened (to build its handlers) or is about to close. */
  onOpen: (folder: ClinicFolder) => void;
  /** Adds the latest verified backup and what restoring it would lose, for the recovery screen. */
  describeRecovery?: (reason: RecoveryInfo['reason'], message: string) => RecoveryInfo;
  onClose: (folder: ClinicFolder) => void;
  log?: (message: string, err?: unknown) => void;
}

const stranger = (name: string, device: string) => ({
  id: '',
  name: name.slice(0, 120) || '(no name)',
  role: 'unknown',
  device,
});

/**
 * Who may open the clinic, and who is signed in on which screen. Holds the clinic's data key
 * in memory from the first sign-in after start until the app quits (a locked screen keeps it,
 * so the clinic goes on serving). Nothing here ever logs or returns a password, PIN or key.
 */
export class ClinicAccess {
  readonly sessions = new Sessions();
  private throttle: SignInThrottle;
  private conversion: ConversionProgress | null = null;
  /** Audit rows that happened while no clinic database was open (failed sign-ins after start). */
  private pendingAudit: AuditEntry[] = [];
  private idleMinutes = DEFAULT_IDLE_MINUTES;
  /** What an integrity check found wrong with the open database, once it found something. */
  private damaged: string | null = null;

  constructor(
    public folder: ClinicFolder,
    private readonly o: AccessOptions,
  ) {
    this.throttle = new SignInThrottle(fs.existsSync(folder.dir) ? folder.dir : null);
    this.recoverFolder();
  }

  static folderAt(dir: string, demo: boolean): ClinicFolder {
    return { dir, demo, keyring: readKeyring(dir), dataKey: null, db: null, photos: null };
  }

  private now(): number {
    return this.o.clock.nowMs();
  }

  /** Completes a conversion that a crash interrupted after its key file was written. */
  private recoverFolder(): void {
    if (this.folder.keyring && conversionLeftovers(this.folder.dir)) finishConversion(this.folder.dir);
  }

  // --- status -----------------------------------------------------------------------------

  /** Why the folder cannot simply be opened, when it cannot; see `kind`. */
  private recoveryReason(): { reason: RecoveryInfo['reason']; message: string } | null {
    const dir = this.folder.dir;
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      return {
        reason: 'folder_read_only',
        message: `The data folder ${dir} cannot be written to, so the clinic cannot be opened safely. Ask whoever looks after this computer to give your account write access to it, or restore the clinic into another folder.`,
      };
    }
    if (this.damaged !== null) {
      return {
        reason: 'damaged',
        message: `The clinic’s database is damaged (${this.damaged.slice(0, 200)}). Nothing more was saved once this was found.`,
      };
    }
    const file = path.join(dir, DATABASE_FILE);
    const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (size > 0) return null;
    // A missing or empty database where a clinic has been (its key file, photos, backup places, upgrade
    // copies): a failed sync or restore, never a new clinic.
    const photos = path.join(dir, PHOTOS_FOLDER);
    const traces =
      this.folder.keyring !== null ||
      (fs.existsSync(photos) && fs.readdirSync(photos).length > 0) ||
      fs.existsSync(path.join(dir, PLACES_FILE)) ||
      fs.existsSync(path.join(dir, UPGRADE_BACKUP_FOLDER));
    if (!traces) return null;
    return size === 0
      ? {
          reason: 'database_empty',
          message: `The clinic’s database in ${dir} is empty (0 bytes), though the folder holds a clinic. This is what a failed copy, sync or restore leaves. Nothing was changed.`,
        }
      : {
          reason: 'database_missing',
          message: `The clinic’s database is missing from ${dir}, though the folder holds a clinic. Nothing was changed.`,
        };
  }

  private kind(): 'new_clinic' | 'needs_protection' | 'key_file_missing' | 'needs_recovery' | 'encrypted' {
    if (this.recoveryReason()) return 'needs_recovery';
    if (this.folder.keyring) return 'encrypted';
    const file = path.join(this.folder.dir, DATABASE_FILE);
    if (isPlainSqlite(file)) return 'needs_protection';
    // A database that is not plain SQLite and has no key file beside it: an encrypted clinic copied
    // without its key file. It is never mistaken for a new clinic, and nothing overwrites it.
    return fs.existsSync(file) && fs.statSync(file).size > 0 ? 'key_file_missing' : 'new_clinic';
  }

  /** The database failed an integrity check: no more writes; every screen shows the recovery screen. */
  markDamaged(problem: string): void {
    if (this.damaged !== null) return;
    this.damaged = problem;
    this.o.log?.(`The clinic’s database failed an integrity check: ${problem}`);
  }

  get isDamaged(): boolean {
    return this.damaged !== null;
  }

  status(session: string, retryAfterMs = 0): AuthStatus {
    const k = this.folder.keyring;
    const people = k
      ? [...new Map(k.slots.filter((s) => s.staffId !== null && s.kind !== 'recovery').map((s) => [s.staffId!, s.staffName]))]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name))
      : [];
    const kind = this.kind();
    const base = {
      clinicName:
        k?.clinicName ?? (kind === 'needs_protection' ? plainClinicName(path.join(this.folder.dir, DATABASE_FILE)) : ''),
      people,
      demo: this.folder.demo,
      idleMinutes: this.idleMinutes,
      conversion: this.conversion,
      retryAfterMs,
    };
    if (this.conversion && this.conversion.error === null) return { ...base, state: 'converting', person: null };
    if (kind === 'needs_recovery') {
      const why = this.recoveryReason()!;
      return {
        ...base,
        state: kind,
        person: null,
        recovery: this.o.describeRecovery?.(why.reason, why.message) ?? { ...why, latest: null, lostSince: null },
      };
    }
    if (kind !== 'encrypted') return { ...base, state: kind, person: null };
    const r = this.sessions.get(session);
    if (!r) return { ...base, state: 'signed_out', person: null };
    const hasPin = this.folder.db ? readPin(this.folder.db, r.staffId) !== null : false;
    return { ...base, state: r.state, person: { id: r.staffId, name: r.name, role: r.role, hasPin } };
  }

  /** The dispatcher's question for every call that needs a signed-in person. */
  caller(session: string): CallerState {
    if (this.damaged !== null) return { state: 'damaged', problem: this.damaged };
    const { state, lockedNow } = this.sessions.caller(session, this.now(), this.idleMinutes * 60_000);
    if (lockedNow) this.audit(lockedNow, 'lock', 'session', session, { reason: 'idle' });
    return state;
  }

  touch(session: string): void {
    this.sessions.touch(session, this.now());
  }

  firstView(session: string, key: string): boolean {
    const r = this.sessions.get(session);
    if (!r || r.viewed.has(key)) return false;
    r.viewed.add(key);
    return true;
  }

  get idle(): number {
    return this.idleMinutes;
  }

  setIdleMinutes(db: Db, minutes: number): void {
    writeAppState(db, IDLE_KEY, String(minutes));
    this.idleMinutes = minutes;
  }

  // --- audit ------------------------------------------------------------------------------

  private actorOf(r: SessionRecord): Actor {
    return { id: r.staffId, name: r.name, role: r.role, device: r.device };
  }

  private audit(
    who: SessionRecord | Actor | ReturnType<typeof stranger>,
    action: AuditEntry['action'],
    entity: string,
    entityId: string,
    after: unknown,
  ): void {
    const staff = 'staffId' in who ? this.actorOf(who) : who;
    const entry: AuditEntry = { atMs: this.now(), staff, action, entity, entityId, before: undefined, after, patientId: null };
    if (this.folder.db) recordAudit(this.folder.db, entry);
    else this.pendingAudit.push(entry);
  }

  private flushPendingAudit(): void {
    const db = this.folder.db;
    if (!db || this.pendingAudit.length === 0) return;
    const entries = this.pendingAudit.splice(0);
    db.transaction(() => entries.forEach((e) => recordAudit(db, e)))();
  }

  // --- opening ----------------------------------------------------------------------------

  private openWith(dataKey: Buffer): Db {
    const f = this.folder;
    if (f.db) return f.db;
    if (!f.keyring) throw new Error('No key file');
    const file = path.join(f.dir, DATABASE_FILE);
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) {
      throw new ApiError(
        'CONFLICT',
        `The clinic’s database (${file}) is missing or empty, though its key file is there. Nothing was changed. ` +
          'Restore the folder from a backup.',
      );
    }
    const keys = clinicKeys(f.keyring, dataKey);
    let db: Db;
    try {
      db = openDatabase(file, keys.database);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') {
        throw new ApiError(
          'CONFLICT',
          'The clinic’s database does not open with its key file: the two come from different clinics or the database is damaged. Nothing was changed.',
        );
      }
      throw err;
    }
    f.dataKey = dataKey;
    f.dbKey = keys.database;
    f.db = db;
    f.photos = photoStoreOf(f.dir, keys.photos);
    const saved = Number(readAppState(db, IDLE_KEY));
    this.idleMinutes = Number.isInteger(saved) && saved > 0 ? saved : DEFAULT_IDLE_MINUTES;
    makePrivate(f.dir);
    this.o.onOpen(f);
    this.flushPendingAudit();
    return db;
  }

  /** Closes the folder's database (quitting, or switching to or from the demo); the key is forgotten. */
  close(): void {
    const f = this.folder;
    if (f.db) {
      this.o.onClose(f);
      f.db.close();
    }
    f.db = null;
    f.photos = null;
    f.dataKey?.fill(0);
    f.dataKey = null;
    f.dbKey?.fill(0);
    f.dbKey = null;
    this.sessions.clear();
  }

  /** Switches to another folder (the demo, or back); everyone on this screen signs in again. */
  switchTo(folder: ClinicFolder): void {
    this.close();
    this.damaged = null;
    this.folder = folder;
    this.throttle = new SignInThrottle(folder.dir);
    this.recoverFolder();
  }

  // --- setting a clinic up ----------------------------------------------------------------

  private checkStrength(password: string, personal: string[]): void {
    const s = passwordStrength(password, personal);
    if (!s.acceptable) {
      throw new ApiError('INVALID_INPUT', `${s.label} password. ${s.advice}`, { password: `${s.label}. ${s.advice}` });
    }
  }

  /**
   * First start: the owner's account, a random data key sealed for them and for a recovery key,
   * and an encrypted database. For a clinic from before encryption the data is converted (in
   * the background; `status` shows progress) and the owner signs in when it is done.
   */
  async setupClinic(
    session: string,
    input: { clinicName: string; ownerName: string; password: string },
  ): Promise<{ recoveryKey: string }> {
    const kind = this.kind();
    if (kind === 'encrypted' || (this.conversion && this.conversion.error === null)) {
      throw new ApiError('CONFLICT', 'This clinic is already set up. Sign in instead.');
    }
    if (kind === 'key_file_missing') throw new ApiError('CONFLICT', KEY_FILE_MISSING);
    if (kind === 'needs_recovery') {
      throw new ApiError(
        'CONFLICT',
        'This folder holds a clinic that cannot be opened: restore it from a backup on the recovery screen.',
      );
    }
    this.checkStrength(input.password, [input.ownerName, input.clinicName]);
    const nowMs = this.now();
    const { keyring, dataKey } = newKeyring({ clinicName: input.clinicName, demo: this.folder.demo, nowMs });
    const recoveryBytes = crypto.randomBytes(RECOVERY_KEY_BYTES);
    const recoveryKey = formatRecoveryKey(recoveryBytes);
    keyring.slots.push(
      await makeSlot({ keyring, dataKey, kind: 'recovery', secret: recoveryKey, staff: null, cost: this.o.kdf, nowMs }),
    );
    const keys = clinicKeys(keyring, dataKey);
    let ownerId = 0;
    const prepare = (db: Db) => {
      const same = activeNamesake(db, input.ownerName, null);
      if (same) {
        ownerId = same.id;
        setStaffRole(db, same.id, 'admin');
        setAccountState(db, same.id, 'active');
      } else {
        ownerId = insertTeamMember(db, { name: input.ownerName, role: 'admin', registration: '', account: 'active' }, nowMs);
      }
      const settings = readClinicSettings(db, this.o.systemTimeZone);
      if (kind === 'new_clinic' || settings.name.trim() === '') {
        writeClinicSettings(db, { ...settings, name: input.clinicName }, nowMs);
      }
      writeAppState(db, 'start', 'clinic');
    };
    const finish = async () => {
      const owner = { id: ownerId, name: input.ownerName };
      keyring.slots.push(
        await makeSlot({ keyring, dataKey, kind: 'password', secret: input.password, staff: owner, cost: this.o.kdf, nowMs }),
      );
    };

    if (kind === 'new_clinic') {
      fs.mkdirSync(this.folder.dir, { recursive: true, mode: 0o700 });
      const file = path.join(this.folder.dir, DATABASE_FILE);
      // Only a zero-byte file from an earlier failed start gets here (kind() said new_clinic): begin again.
      for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${s}`, { force: true });
      const db = openDatabase(file, keys.database);
      try {
        db.transaction(() => prepare(db))();
      } finally {
        db.close();
      }
      await finish();
      writeKeyring(this.folder.dir, keyring);
      this.folder.keyring = keyring;
      this.openWith(dataKey);
      this.startSession(session, ownerId, 'signed_in');
      this.audit(this.sessions.get(session)!, 'create', 'clinic', keyring.clinicId, { clinicName: input.clinicName });
      return { recoveryKey };
    }

    // A plain clinic from an earlier version: the owner's slot is sealed for the staff id they
    // will have (an active namesake's, or the next one), then the clinic is converted in the
    // background with progress, and the key file is written only once the copy is verified.
    ownerId = plannedOwnerId(path.join(this.folder.dir, DATABASE_FILE), input.ownerName);
    await finish();
    const plannedId = ownerId;
    const prepareConverted = (db: Db) => {
      prepare(db);
      if (ownerId !== plannedId) throw new Error('The owner’s account did not get the number planned for it.');
    };
    this.conversion = { step: 'Starting', done: 0, total: 1, error: null };
    void (async () => {
      try {
        await convertPlainClinic({
          dir: this.folder.dir,
          keys,
          progress: (p) => (this.conversion = p),
          prepare: prepareConverted,
          commit: () => writeKeyring(this.folder.dir, keyring),
        });
        this.folder.keyring = keyring;
        this.conversion = null;
        this.openWith(dataKey);
        this.startSession(session, ownerId, 'signed_in');
        this.audit(this.sessions.get(session)!, 'update', 'clinic', keyring.clinicId, { encrypted: true });
      } catch (err) {
        this.o.log?.('Encrypting the clinic failed', err);
        this.conversion = {
          step: 'Stopped',
          done: 0,
          total: 1,
          error: `The clinic could not be encrypted, so it was left exactly as it was. ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    })();
    return { recoveryKey };
  }

  private startSession(session: string, staffId: number, state: SessionRecord['state']): SessionRecord {
    const db = this.folder.db!;
    const m = getTeamMember(db, staffId);
    if (!m) throw new Error('No such staff member');
    return this.sessions.start(session, { staffId, name: m.name, role: m.role, device: this.o.device, state }, this.now());
  }

  // --- signing in -------------------------------------------------------------------------

  private throttled(name: string): never {
    const wait = this.throttle.waitMs(name, this.now());
    throw new ApiError('TOO_MANY_ATTEMPTS', `Too many attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`, {
      retryAfterMs: String(wait),
    });
  }

  async signIn(session: string, name: string, password: string): Promise<AuthStatus> {
    const k = this.folder.keyring;
    if (!k) throw new ApiError('CONFLICT', 'This clinic has not been set up yet.');
    if (this.throttle.waitMs(name, this.now()) > 0) this.throttled(name);
    const wanted = name.trim().toLowerCase();
    const slot = k.slots.find((s) => s.kind !== 'recovery' && s.staffName.trim().toLowerCase() === wanted);
    const fail = (message = WRONG): never => {
      const wait = this.throttle.fail(name, this.now());
      this.audit(stranger(name, this.o.device), 'sign_in_failed', 'session', session, { name: name.slice(0, 120) });
      if (wait > 0) this.throttled(name);
      throw new ApiError('NOT_SIGNED_IN', message);
    };
    if (!slot) {
      await decoyAttempt(this.o.kdf);
      return fail();
    }
    const secret = slot.kind === 'setup' ? canonicalSetupCode(password) : password;
    const opened = await openSlot(k, slot, secret);
    if (!opened.ok) {
      if (opened.reason === 'damaged') {
        return fail(
          'Your sign-in key is damaged. Sign in as someone else, or with the recovery key, and ask the owner for a new setup code.',
        );
      }
      return fail();
    }
    if (slot.kind === 'setup' && slot.expiresAtMs !== null && slot.expiresAtMs < this.now()) {
      return fail('This setup code has expired. Ask the clinic owner for a new one.');
    }
    this.openWith(opened.dataKey);
    const member = getTeamMember(this.folder.db!, slot.staffId!);
    if (!member || !member.active || member.account === 'none') return fail();
    this.throttle.succeed(name);
    const r = this.startSession(session, member.id, slot.kind === 'setup' ? 'must_set_password' : 'signed_in');
    this.audit(r, 'sign_in', 'session', session, { with: slot.kind === 'setup' ? 'setup code' : 'password' });
    return this.status(session);
  }

  async setPassword(session: string, password: string): Promise<AuthStatus> {
    const r = this.sessions.get(session);
    if (!r || r.state !== 'must_set_password') throw new ApiError('NOT_SIGNED_IN', 'Sign in with your setup code first.');
    this.checkStrength(password, [r.name, this.folder.keyring?.clinicName ?? '']);
    await this.replaceSlots(r.staffId, r.name, 'password', password, null);
    setAccountState(this.folder.db!, r.staffId, 'active');
    r.state = 'signed_in';
    r.lastActivityMs = this.now();
    this.audit(r, 'update', 'staff_access', String(r.staffId), { password: 'chosen' });
    return this.status(session);
  }

  /** Gives a person exactly one slot of the given kind, replacing any they had. */
  private async replaceSlots(
    staffId: number,
    name: string,
    kind: 'password' | 'setup',
    secret: string,
    expiresAtMs: number | null,
  ) {
    const f = this.folder;
    if (!f.keyring || !f.dataKey) throw new Error('Clinic not open');
    const nowMs = this.now();
    const slot = await makeSlot({
      keyring: f.keyring,
      dataKey: f.dataKey,
      kind,
      secret,
      staff: { id: staffId, name },
      cost: this.o.kdf,
      nowMs,
      expiresAtMs,
    });
    const next: Keyring = { ...f.keyring, slots: [...f.keyring.slots.filter((s) => s.staffId !== staffId), slot] };
    writeKeyring(f.dir, next);
    f.keyring = next;
  }

  lock(session: string): AuthStatus {
    const r = this.sessions.get(session);
    if (r?.state === 'signed_in') {
      r.state = 'locked';
      this.audit(r, 'lock', 'session', session, { reason: 'asked' });
    } else if (r?.state === 'must_set_password') {
      this.sessions.end(session);
    }
    return this.status(session);
  }

  /** Locks every screen: the computer is going to sleep or its own screen locked. */
  lockAll(reason: string): void {
    for (const [key, r] of this.sessions.all()) {
      if (r.state === 'signed_in') {
        r.state = 'locked';
        this.audit(r, 'lock', 'session', key, { reason });
      }
    }
  }

  async unlock(session: string, input: { pin?: string | undefined; password?: string | undefined }): Promise<AuthStatus> {
    const r = this.sessions.get(session);
    if (!r || r.state !== 'locked') return this.status(session);
    const throttleKey = `unlock:${r.staffId}`;
    if (this.throttle.waitMs(throttleKey, this.now()) > 0) this.throttled(throttleKey);
    let ok = false;
    if (input.pin) {
      const stored = readPin(this.folder.db!, r.staffId);
      ok = stored !== null && (await pinMatches(stored, input.pin));
    } else if (input.password) {
      ok = await this.passwordMatches(r.staffId, input.password);
    }
    if (!ok) {
      const wait = this.throttle.fail(throttleKey, this.now());
      this.audit(r, 'unlock_failed', 'session', session, { with: input.pin ? 'PIN' : 'password' });
      if (wait > 0) this.throttled(throttleKey);
      throw new ApiError('NOT_SIGNED_IN', input.pin ? 'That PIN is not right.' : 'That password is not right.');
    }
    this.throttle.succeed(throttleKey);
    r.state = 'signed_in';
    r.lastActivityMs = this.now();
    this.audit(r, 'unlock', 'session', session, { with: input.pin ? 'PIN' : 'password' });
    return this.status(session);
  }

  /** True when `password` opens this person's own slot. */
  async passwordMatches(staffId: number, password: string): Promise<boolean> {
    const k = this.folder.keyring;
    const slot = k?.slots.find((s) => s.staffId === staffId && s.kind === 'password');
    if (!k || !slot) {
      await decoyAttempt(this.o.kdf);
      return false;
    }
    return (await openSlot(k, slot, password)).ok;
  }

  signOut(session: string): AuthStatus {
    const r = this.sessions.end(session);
    if (r) this.audit(r, 'sign_out', 'session', session, {});
    return this.status(session);
  }

  /** The recovery key opens the clinic and gives one person a new password (an owner who forgot theirs). */
  async recover(session: string, input: { recoveryKey: string; staffId: number; password: string }): Promise<AuthStatus> {
    const k = this.folder.keyring;
    if (!k) throw new ApiError('CONFLICT', 'This clinic has not been set up yet.');
    const parsed = parseRecoveryKey(input.recoveryKey);
    if (!parsed.ok) throw new ApiError('INVALID_INPUT', parsed.message, { recoveryKey: parsed.message });
    if (this.throttle.waitMs('recovery', this.now()) > 0) this.throttled('recovery');
    const slot = k.slots.find((s) => s.kind === 'recovery');
    const opened = slot ? await openSlot(k, slot, parsed.canonical) : ({ ok: false, reason: 'wrong_secret' } as const);
    if (!opened.ok) {
      const wait = this.throttle.fail('recovery', this.now());
      this.audit(stranger('recovery key', this.o.device), 'sign_in_failed', 'session', session, { with: 'recovery key' });
      if (wait > 0) this.throttled('recovery');
      throw new ApiError(
        'NOT_SIGNED_IN',
        opened.reason === 'damaged'
          ? 'The recovery key is right but the key file’s recovery entry is damaged. Restore the key file from a backup.'
          : 'This recovery key does not belong to this clinic, or a newer recovery sheet replaced it.',
      );
    }
    this.openWith(opened.dataKey);
    const member = getTeamMember(this.folder.db!, input.staffId);
    if (!member || !member.active) throw new ApiError('NOT_FOUND', 'Choose an active person to give a new password to.');
    this.checkStrength(input.password, [member.name, k.clinicName]);
    this.throttle.succeed('recovery');
    await this.replaceSlots(member.id, member.name, 'password', input.password, null);
    setAccountState(this.folder.db!, member.id, 'active');
    this.sessions.endForStaff(member.id);
    const r = this.startSession(session, member.id, 'signed_in');
    this.audit(r, 'update', 'staff_access', String(member.id), { password: 'reset with the recovery key' });
    return this.status(session);
  }

  // --- what the owner and each person manage ----------------------------------------------

  /** A new one-time setup code for a person; any password or code they had stops working. */
  async issueSetupCode(staffId: number): Promise<{ setupCode: string; expiresAtMs: number }> {
    const db = this.folder.db!;
    const m = getTeamMember(db, staffId);
    if (!m) throw new ApiError('NOT_FOUND', `There is no team member number ${staffId}.`);
    if (!m.active) throw new ApiError('CONFLICT', `${m.name} is inactive. Make them active first.`);
    const clash = this.folder.keyring?.slots.find(
      (s) => s.staffId !== staffId && s.kind !== 'recovery' && s.staffName.trim().toLowerCase() === m.name.trim().toLowerCase(),
    );
    if (clash) throw new ApiError('CONFLICT', `Someone else signs in as “${m.name}”. Names must differ to sign in.`);
    const setupCode = formatSetupCode(crypto.randomBytes(12));
    const expiresAtMs = this.now() + SETUP_CODE_LIFETIME_MS;
    await this.replaceSlots(staffId, m.name, 'setup', canonicalSetupCode(setupCode), expiresAtMs);
    setAccountState(db, staffId, 'invited');
    this.sessions.endForStaff(staffId);
    return { setupCode, expiresAtMs };
  }

  /** Removes a person's slot (they were made inactive): their password no longer opens anything. */
  removeAccess(staffId: number): void {
    const f = this.folder;
    if (!f.keyring) return;
    const next: Keyring = { ...f.keyring, slots: f.keyring.slots.filter((s) => s.staffId !== staffId) };
    writeKeyring(f.dir, next);
    f.keyring = next;
    setAccountState(f.db!, staffId, 'none');
    this.sessions.endForStaff(staffId);
  }

  async changePassword(staffId: number, current: string, next: string): Promise<void> {
    const m = getTeamMember(this.folder.db!, staffId)!;
    if (!(await this.passwordMatches(staffId, current))) {
      throw new ApiError('INVALID_INPUT', 'Your current password is not right.', { current: 'Not right' });
    }
    this.checkStrength(next, [m.name, this.folder.keyring?.clinicName ?? '']);
    await this.replaceSlots(staffId, m.name, 'password', next, null);
  }

  async setPin(session: string, current: string, pin: string | null): Promise<AuthStatus> {
    const r = this.sessions.get(session)!;
    if (!(await this.passwordMatches(r.staffId, current))) {
      throw new ApiError('INVALID_INPUT', 'Your password is not right.', { current: 'Not right' });
    }
    writePin(this.folder.db!, r.staffId, pin === null ? null : await hashPin(pin, this.o.kdf));
    return this.status(session);
  }

  async newRecoveryKey(staffId: number, password: string): Promise<string> {
    const f = this.folder;
    if (!(await this.passwordMatches(staffId, password))) {
      throw new ApiError('INVALID_INPUT', 'Your password is not right.', { password: 'Not right' });
    }
    const recoveryKey = formatRecoveryKey(crypto.randomBytes(RECOVERY_KEY_BYTES));
    const slot = await makeSlot({
      keyring: f.keyring!,
      dataKey: f.dataKey!,
      kind: 'recovery',
      secret: recoveryKey,
      staff: null,
      cost: this.o.kdf,
      nowMs: this.now(),
    });
    const next: Keyring = { ...f.keyring!, slots: [...f.keyring!.slots.filter((s) => s.kind !== 'recovery'), slot] };
    writeKeyring(f.dir, next);
    f.keyring = next;
    return recoveryKey;
  }

  /** Keeps the names on the sign-in screen in step with the staff list. */
  renameAccess(staffId: number, name: string): void {
    const f = this.folder;
    if (!f.keyring || !f.keyring.slots.some((s) => s.staffId === staffId)) return;
    const next: Keyring = {
      ...f.keyring,
      slots: f.keyring.slots.map((s): Slot => (s.staffId === staffId ? { ...s, staffName: name } : s)),
    };
    writeKeyring(f.dir, next);
    f.keyring = next;
  }

  // --- restoring a backup ---------------------------------------------------------------

  /**
   * Opens a backup's key file with what the person restoring it knows: a password of that time
   * (with their name) or the recovery key. Throttled like signing in; the same answer for a wrong
   * name or password.
   */
  async unlockKeyring(k: Keyring, secret: { name: string; password: string } | { recoveryKey: string }): Promise<Buffer> {
    const key = 'recoveryKey' in secret ? 'restore:recovery' : `restore:${secret.name}`;
    if (this.throttle.waitMs(key, this.now()) > 0) this.throttled(key);
    let slot: Slot | undefined;
    let text: string;
    if ('recoveryKey' in secret) {
      const parsed = parseRecoveryKey(secret.recoveryKey);
      if (!parsed.ok) throw new ApiError('INVALID_INPUT', parsed.message, { recoveryKey: parsed.message });
      slot = k.slots.find((s) => s.kind === 'recovery');
      text = parsed.canonical;
    } else {
      const wanted = secret.name.trim().toLowerCase();
      slot = k.slots.find((s) => s.kind === 'password' && s.staffName.trim().toLowerCase() === wanted);
      text = secret.password;
    }
    const opened = slot
      ? await openSlot(k, slot, text)
      : (await decoyAttempt(this.o.kdf), { ok: false as const, reason: 'wrong_secret' as const });
    if (!opened.ok) {
      const wait = this.throttle.fail(key, this.now());
      if (wait > 0) this.throttled(key);
      throw new ApiError(
        'NOT_SIGNED_IN',
        'recoveryKey' in secret
          ? 'This recovery key does not open this backup (it may be from another clinic, or a newer sheet replaced it).'
          : 'That name and password do not open this backup. Use a password that was valid when the backup was made, or the recovery key.',
      );
    }
    this.throttle.succeed(key);
    return opened.dataKey;
  }

  /** After a restore with the data key in hand: opens the restored clinic (everyone still signs in). */
  openRestored(dataKey: Buffer): void {
    if (!this.folder.keyring || !isDataKeyOf(this.folder.keyring, dataKey)) throw new Error('Not this clinic’s key');
    this.openWith(Buffer.from(dataKey));
  }

  // --- the demo ---------------------------------------------------------------------------

  /** Signs the screen in as the demo clinic's owner (the demo's passwords are public). */
  async signInDemo(session: string): Promise<AuthStatus> {
    const k = this.folder.keyring;
    const owner = k?.slots.find((s) => s.kind === 'password' && s.staffName === DEMO_OWNER_NAME);
    if (!k || !owner || !this.folder.demo) throw new ApiError('CONFLICT', 'This is not a demo clinic.');
    const opened = await openSlot(k, owner, DEMO_PASSWORD);
    if (!opened.ok)
      throw new ApiError('CONFLICT', 'The demo clinic’s key file is damaged; delete the demo folder to rebuild it.');
    this.openWith(opened.dataKey);
    const r = this.startSession(session, owner.staffId!, 'signed_in');
    this.audit(r, 'sign_in', 'session', session, { with: 'demo' });
    return this.status(session);
  }
}
