import { z } from 'zod';
import { auditQuerySchema, type AuditRow, type AuditVerification } from './audit';
import { backupRefSchema, backupSettingsSchema, type BackupStatus, type BackupSummary } from './backup';
import {
  changePasswordInputSchema,
  newPasswordInputSchema,
  recoverInputSchema,
  securitySettingsSchema,
  setPinInputSchema,
  setupClinicInputSchema,
  signInInputSchema,
  unlockInputSchema,
  type AuthStatus,
  type SecuritySettings,
} from './auth';
import type { RuleSettings } from './ruleSettings';
import { ruleSettingsSchema } from './ruleSettings';
import type { Consent } from './consents';
import { consentInputSchema } from './consents';
import { isValidDay } from './time';
import type { Patient, PatientSummary } from './patients';
import { PATIENT_SORTS, patientInputSchema } from './patients';
import type { ClinicSettings } from './settings';
import { clinicSettingsSchema } from './settings';
import { ROLES, staffInputSchema, type Actor, type Role, type StaffMember } from './staff';
import { areaInputSchema, productInputSchema, type CatalogueArea, type CatalogueProduct } from './catalogue';
import { lotInputSchema, type Lot, type LotStatus } from './lots';
import { eventInputSchema, OBSERVATION_KINDS, observationInputSchema } from './observations';
import type { PatientSchedule, RecallContactView, RecallList } from './schedule';
import { RECALL_OUTCOMES, RECALL_PAGE, RECALL_STATUSES } from './schedule';

import {
  elsewhereInputSchema,
  treatmentInputSchema,
  type Treatment,
  type TreatmentInput,
  type TreatmentRecord,
} from './treatments';
import type { ImportPreview, ImportResult } from './csvImport';
import type {
  Appointment,
  AppointmentType,
  BookingPreview,
  CalendarSetup,
  FreeSlot,
  PlannedTreatment,
  SheetRow,
} from './calendar';
import {
  APPOINTMENT_TYPES,
  bookingInputSchema,
  dayOffInputSchema,
  moveInputSchema,
  statusInputSchema,
  workingHoursInputSchema,
} from './calendar';
import { IMPORT_FIELDS } from './csvImport';
import { PHOTO_SCOPES } from './consents';
import {
  capturedImageSchema,
  comparisonViewSchema,
  EXPORT_FORMATS,
  importTagsSchema,
  landmarkSchema,
  photoTagsSchema,
  type Photo,
  type PhotoLibrary,
  type StagedFile,
  type RecentPhoto,
  type SavedComparison,
} from './photos';

import {
  inspectHostInputSchema,
  pairInputSchema,
  shareInputSchema,
  type FoundHost,
  type HostInspection,
  type HostView,
  type NetworkMode,
} from './network';
import {
  isEmailAddress,
  mailSettingsInputSchema,
  OUTBOX_STATUSES,
  templateInputSchema,
  TEMPLATE_KINDS,
  type MailSettingsView,
  type MessageDigest,
  type OutboxMessage,
  type OutboxView,
  type PlanDocument,
  type RenderedMessage,
  type SmtpTestResult,
  type Template,
  type TemplateProblem,
} from './messages';

/** A template filled in for one patient, with what is wrong with it (shown, not refused, while editing). */
export interface TemplatePreview {
  rendered: RenderedMessage;
  /** The filled body before it is turned into the e-mail's parts: headings and lists still marked. */
  filled: string;
  problems: TemplateProblem[];
  /** What the preview's dates are about, in words ("Ann’s recall date", "an example appointment"). */
  note: string;
}

/** A message on the patient's page: without its text (a take-home plan's text is clinical). */
export type PatientMessage = Omit<OutboxMessage, 'text'> & {
  /** The clinic's day it was sent on. */
  sentOn: string | null;
};

/** A phantom marker carrying a method's output type; it never exists at run time. */
declare const outputMarker: unique symbol;
interface MethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Callable with no one signed in (the sign-in methods only); every other method needs an unlocked session. */
  readonly public?: true;
  /** Who may call it. The dispatcher enforces this; hiding a button is never the only guard. */
  readonly roles: readonly Role[];
  /**
   * 'files': reachable only through the window's file handover (the preload's stageFiles, which
   * knows just the files the user picked or dropped), never through the page's invoke.
   */
  readonly door?: 'files';
  /**
   * Only from this computer's own window, never from a workstation over the network: what acts on
   * this computer itself (its sharing, pairing it, setting a clinic up here, the recovery key).
   */
  readonly localOnly?: true;
  readonly summary: string;
  readonly [outputMarker]?: O;
}

function method<O>() {
  return <I extends z.ZodType>(spec: {
    input: I;
    roles: readonly Role[];
    summary: string;
    door?: 'files';
    localOnly?: true;
  }): MethodSpec<I, O> => spec;
}

/** A sign-in method: reachable before anyone has signed in, so it must reveal nothing of the clinic. */
function publicMethod<O>() {
  return <I extends z.ZodType>(spec: { input: I; summary: string; localOnly?: true }): MethodSpec<I, O> & { public: true } => ({
    ...spec,
    roles: ROLES,
    public: true,
  });
}

const noInput = z.object({}).strict();
const everyone = ROLES;

export interface RuleSettingsView {
  settings: RuleSettings;
  defaults: RuleSettings;
}

export interface PatientList {
  patients: PatientSummary[];
  /** How many patients there are in all (archived ones only when asked for). */
  total: number;
}

const patientId = z.number().int().positive();
const clinicalStaff: readonly Role[] = ['admin', 'practitioner'];

export interface Catalogue {
  products: CatalogueProduct[];
  areas: CatalogueArea[];
  lots: (Lot & { status: LotStatus })[];
}

export interface LotRecallResult {
  lotNumber: string;
  rows: {
    patientId: number;
    name: string;
    dob: string | null;
    phone: string;
    email: string;
    treatmentId: number;
    performedOn: string;
    product: string;
    status: 'draft' | 'final';
    injectorName: string | null;
    areas: string;
  }[];
}

export interface CsvFile {
  fileName: string;
  csv: string;
}

export interface DraftResult {
  treatment: Treatment;
  /** What the completeness gate still asks for; empty when it can be finalised. */
  missing: string[];
}

const id = z.number().int().positive();
// No example: the field's hint shows the date the clinic's way (DD/MM/YYYY, MM/DD/YYYY).
const day = z.string().refine(isValidDay, 'Enter a real date');

export interface AppointmentChange {
  atMs: number;
  /** The clinic's wall-clock day and time of the change. */
  day: string;
  time: string;
  staffName: string;
  action: string;
  summary: string;
}

export interface DaySheet {
  clinicName: string;
  days: { date: string; rows: SheetRow[] }[];
  practitionerName: string | null;
}

export interface TodaySummary {
  today: string;
  appointments: Appointment[];
  reviewsDue: { patientId: number; name: string; reviewOn: string; booked: boolean }[];
  recallCount: number;
  lotsExpiring: { id: number; product: string; lotNumber: string; expiry: string; vials: number }[];
  /** Products running low (fewer than two vials' worth left in date) or out, with what is left. */
  lowStock: { product: string; level: 'low' | 'empty'; left: string; lots: string[] }[];
}

export interface AppInfo {
  version: string;
  dataDir: string;
  demo: boolean;
  staff: Actor;
  /** Today in the clinic's time zone, from the main process clock. */
  today: string;
  /** The main process's clock, so the page can show the clinic's "now" (the calendar's now-line). */
  nowMs: number;
}

/**
 * The whole main↔renderer API: method name → input schema, roles, output type.
 * Handlers are registered against this table and the renderer client is derived from it.
 */
export const contract = {
  'app.info': method<AppInfo>()({ input: noInput, roles: everyone, summary: 'Version, data folder and who is signed in' }),
  // Sign-in: callable before anyone is signed in. They act on the calling screen's own session.
  'auth.status': publicMethod<AuthStatus>()({ input: noInput, summary: 'Who is signed in here, or how to begin' }),
  'auth.setupClinic': publicMethod<{ recoveryKey: string }>()({
    input: setupClinicInputSchema,
    localOnly: true,
    summary: 'Create the owner’s account and encrypt the clinic (a new clinic, or one from before encryption)',
  }),
  'auth.signIn': publicMethod<AuthStatus>()({ input: signInInputSchema, summary: 'Sign in with a name and password' }),
  'auth.setPassword': publicMethod<AuthStatus>()({
    input: newPasswordInputSchema,
    summary: 'Choose a password after signing in with a setup code',
  }),
  'auth.lock': publicMethod<AuthStatus>()({ input: noInput, summary: 'Lock this screen' }),
  'auth.unlock': publicMethod<AuthStatus>()({ input: unlockInputSchema, summary: 'Unlock your own locked screen' }),
  'auth.signOut': publicMethod<AuthStatus>()({ input: noInput, summary: 'Sign out of this screen' }),
  'auth.recover': publicMethod<AuthStatus>()({
    input: recoverInputSchema,
    // The recovery key is typed at the clinic's own computer, never sent over the network.
    localOnly: true,
    summary: 'Open the clinic with the recovery key and give someone a new password',
  }),
  'auth.exploreDemo': publicMethod<AuthStatus>()({ input: noInput, localOnly: true, summary: 'Open the demo clinic' }),
  'auth.leaveDemo': publicMethod<AuthStatus>()({
    input: noInput,
    localOnly: true,
    summary: 'Leave the demo for the clinic’s own data',
  }),
  'recovery.list': publicMethod<{ backups: BackupSummary[]; places: string[] }>()({
    input: z.object({ chooseFolder: z.boolean() }).strict(),
    localOnly: true,
    summary: 'Backups found at the known places (or a folder chosen now), for the recovery screen',
  }),
  'recovery.restore': publicMethod<AuthStatus>()({
    input: z
      .object({
        ref: backupRefSchema,
        name: z.string().trim().max(120),
        password: z.string().max(1000),
        recoveryKey: z.string().max(200),
      })
      .strict(),
    localOnly: true,
    summary: 'Restore a backup when the clinic cannot be opened (a password of that time or the recovery key)',
  }),
  'recovery.startNew': publicMethod<AuthStatus>()({
    input: z.object({ confirm: z.literal('start a new clinic') }).strict(),
    localOnly: true,
    summary: 'Set the folder’s contents aside and start a new clinic',
  }),
  'diagnostics.report': publicMethod<{ text: string; logFile: string }>()({
    input: noInput,
    localOnly: true,
    summary: 'A diagnostic report to copy: versions, paths and recent errors, no patient data',
  }),
  'account.changePassword': method<{ changed: true }>()({
    input: changePasswordInputSchema,
    roles: everyone,
    summary: 'Change your own password',
  }),
  'account.setPin': method<AuthStatus>()({
    input: setPinInputSchema,
    roles: everyone,
    summary: 'Set or remove the PIN that unlocks your own locked screen',
  }),
  'account.touch': method<{ ok: true }>()({
    input: noInput,
    roles: everyone,
    summary: 'Say the person at the screen is still working (keeps the idle lock away)',
  }),
  'security.get': method<SecuritySettings>()({ input: noInput, roles: ['admin'], summary: 'Screen lock settings' }),
  'security.update': method<SecuritySettings>()({
    input: securitySettingsSchema,
    roles: ['admin'],
    summary: 'Change the screen lock settings',
  }),
  'backups.status': method<BackupStatus>()({
    input: noInput,
    roles: everyone,
    summary: 'When the clinic was last backed up, and whether a backup is running',
  }),
  'backups.update': method<BackupStatus>()({
    input: backupSettingsSchema,
    roles: ['admin'],
    summary: 'Change how often the clinic is backed up',
  }),
  'backups.addPlace': method<BackupStatus>()({
    input: noInput,
    roles: ['admin'],
    // Opens a dialog on, or replaces the data of, the computer that runs it: the clinic's own.
    localOnly: true,
    summary: 'Choose a folder to back up to (a USB disk, a network share, a synced folder)',
  }),
  'backups.removePlace': method<BackupStatus>()({
    input: z.object({ index: z.number().int().min(0).max(20) }).strict(),
    roles: ['admin'],
    summary: 'Stop backing up to a place (the backups already there stay)',
  }),
  'backups.run': method<BackupStatus>()({ input: noInput, roles: ['admin'], summary: 'Back up now' }),
  'backups.cancel': method<BackupStatus>()({ input: noInput, roles: ['admin'], summary: 'Cancel the backup running now' }),
  'backups.list': method<BackupSummary[]>()({ input: noInput, roles: ['admin'], summary: 'The backups at every place' }),
  'backups.restore': method<{ setAsideTo: string | null }>()({
    input: z.object({ ref: backupRefSchema }).strict(),
    roles: ['admin'],
    // Opens a dialog on, or replaces the data of, the computer that runs it: the clinic's own.
    localOnly: true,
    summary: 'Restore a backup (the current data is set aside, never overwritten)',
  }),
  'backups.exportArchive': method<{ savedTo: string | null }>()({
    input: z
      .object({
        passphrase: z.string().max(1000),
        plainConfirmed: z.boolean(),
      })
      .strict()
      .refine((a) => a.passphrase.length >= 10 || (a.passphrase === '' && a.plainConfirmed), {
        message: 'Choose a passphrase of at least 10 characters, or confirm that the database goes unencrypted',
        path: ['passphrase'],
      }),
    roles: ['admin'],
    // Opens a dialog on, or replaces the data of, the computer that runs it: the clinic's own.
    localOnly: true,
    summary: 'Export everything as one archive the clinic owns',
  }),
  'security.newRecoveryKey': method<{ recoveryKey: string }>()({
    input: z.object({ password: z.string().min(1, 'Enter your password').max(1000) }).strict(),
    roles: ['admin'],
    summary: 'Replace the recovery key (the old sheet stops working)',
  }),
  'audit.search': method<{ rows: AuditRow[]; total: number }>()({
    input: auditQuerySchema,
    roles: ['admin'],
    summary: 'Search the audit trail',
  }),
  'audit.verify': method<AuditVerification>()({
    input: noInput,
    roles: ['admin'],
    summary: 'Check that no audit row was changed or removed',
  }),
  'audit.exportCsv': method<CsvFile>()({
    input: auditQuerySchema.omit({ limit: true, offset: true }),
    roles: ['admin'],
    summary: 'Export audit rows as CSV',
  }),
  'audit.recordPrint': method<{ recorded: true }>()({
    input: z
      .object({
        what: z.enum(['day_sheet', 'recall_list', 'lot_recall', 'comparison', 'recovery_sheet']),
        detail: z.string().trim().max(200),
        patientId: patientId.nullable(),
      })
      .strict(),
    roles: everyone,
    summary: 'Note in the audit trail that a page was printed',
  }),
  'settings.get': method<ClinicSettings>()({ input: noInput, roles: everyone, summary: 'The clinic settings' }),
  'settings.update': method<ClinicSettings>()({
    input: clinicSettingsSchema,
    roles: ['admin'],
    summary: 'Replace the clinic settings',
  }),
  'ruleSettings.get': method<RuleSettingsView>()({
    input: noInput,
    roles: everyone,
    summary: 'The scheduling rule settings and their defaults',
  }),
  'ruleSettings.update': method<RuleSettingsView>()({
    input: ruleSettingsSchema,
    roles: ['admin'],
    summary: 'Replace the scheduling rule settings',
  }),
  'patients.list': method<PatientList>()({
    input: z.object({ text: z.string().max(200), sort: z.enum(PATIENT_SORTS), includeArchived: z.boolean() }).strict(),
    roles: everyone,
    summary: 'Search and list patients',
  }),
  'patients.get': method<Patient>()({
    input: z.object({ id: patientId }).strict(),
    roles: everyone,
    summary: 'One patient’s record',
  }),
  'patients.findDuplicates': method<PatientSummary[]>()({
    input: z
      .object({
        patient: patientInputSchema.pick({ firstName: true, lastName: true, dob: true, phone: true }),
        excludeId: patientId.nullable(),
      })
      .strict(),
    roles: everyone,
    summary: 'Find patients who may be the same person',
  }),
  'patients.create': method<Patient>()({
    input: z.object({ patient: patientInputSchema, allowDuplicate: z.boolean() }).strict(),
    roles: everyone,
    summary: 'Register a new patient',
  }),
  'patients.update': method<Patient>()({
    input: z.object({ id: patientId, patient: patientInputSchema }).strict(),
    roles: everyone,
    summary: 'Change a patient’s record',
  }),
  'patients.setArchived': method<Patient>()({
    input: z.object({ id: patientId, archived: z.boolean() }).strict(),
    roles: clinicalStaff,
    summary: 'Archive or restore a patient',
  }),
  'consents.list': method<Consent[]>()({
    input: z.object({ patientId }).strict(),
    roles: everyone,
    summary: 'A patient’s consents, newest first',
  }),
  'consents.add': method<Consent[]>()({
    input: z.object({ patientId, consent: consentInputSchema }).strict(),
    roles: everyone,
    summary: 'Record a signed consent',
  }),
  'consents.withdraw': method<Consent[]>()({
    input: z.object({ id: z.number().int().positive(), on: z.string().refine(isValidDay, 'Enter a real date') }).strict(),
    roles: everyone,
    summary: 'Record that a consent was withdrawn',
  }),
  'team.list': method<StaffMember[]>()({ input: noInput, roles: everyone, summary: 'The clinic’s team' }),
  'team.add': method<StaffMember[]>()({ input: staffInputSchema, roles: ['admin'], summary: 'Add a team member' }),
  'team.invite': method<{ setupCode: string; expiresAtMs: number; team: StaffMember[] }>()({
    input: z.object({ id }).strict(),
    roles: ['admin'],
    summary: 'Give someone sign-in access with a one-time setup code (a forgotten password gets a new one)',
  }),
  'team.setRole': method<StaffMember[]>()({
    input: z.object({ id, role: z.enum(ROLES) }).strict(),
    roles: ['admin'],
    summary: 'Change someone’s role',
  }),
  'team.setActive': method<StaffMember[]>()({
    input: z.object({ id, active: z.boolean() }).strict(),
    roles: ['admin'],
    summary: 'Make a team member active or inactive',
  }),
  'catalogue.get': method<Catalogue>()({ input: noInput, roles: everyone, summary: 'Products, areas and lots' }),
  'catalogue.addProduct': method<Catalogue>()({
    input: productInputSchema,
    roles: ['admin'],
    summary: 'Add a product of the clinic’s own',
  }),
  'catalogue.addArea': method<Catalogue>()({
    input: areaInputSchema,
    roles: ['admin'],
    summary: 'Add a treatment area of the clinic’s own',
  }),
  'lots.save': method<Catalogue>()({
    input: z.object({ id: id.nullable(), lot: lotInputSchema }).strict(),
    roles: clinicalStaff,
    summary: 'Record a lot or change its stock',
  }),
  'lots.recall': method<LotRecallResult>()({
    input: z.object({ lotNumber: z.string().trim().min(1, 'Enter a lot number').max(40) }).strict(),
    roles: clinicalStaff,
    summary: 'Every patient treated from a lot',
  }),
  'treatments.list': method<TreatmentRecord[]>()({
    input: z.object({ patientId }).strict(),
    roles: clinicalStaff,
    summary: 'A patient’s treatments',
  }),
  'treatments.get': method<Treatment>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'One treatment version',
  }),
  'treatments.prefill': method<TreatmentInput>()({
    input: z.object({ patientId }).strict(),
    roles: clinicalStaff,
    summary: 'A new treatment pre-filled from the previous one',
  }),
  'treatments.saveDraft': method<DraftResult>()({
    input: z.object({ id: id.nullable(), treatment: treatmentInputSchema }).strict(),
    roles: clinicalStaff,
    summary: 'Save a treatment record as a draft',
  }),
  'treatments.finalise': method<Treatment>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'Finalise a complete treatment record',
  }),
  'treatments.amend': method<Treatment>()({
    input: z
      .object({
        id,
        treatment: treatmentInputSchema,
        reason: z.string().trim().min(1, 'Say why the record is amended').max(1000),
      })
      .strict(),
    roles: clinicalStaff,
    summary: 'Amend a finalised treatment record with a new version',
  }),
  'treatments.discardDraft': method<{ discarded: true }>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'Discard a draft treatment record',
  }),
  'treatments.recordElsewhere': method<Treatment>()({
    input: elsewhereInputSchema,
    roles: clinicalStaff,
    summary: 'Record a toxin treatment given at another clinic',
  }),
  'observations.add': method<PatientSchedule>()({
    input: observationInputSchema,
    roles: clinicalStaff,
    summary: 'Record an observation',
  }),
  // One step from a photo (a patient's own weekly photo shows movement coming back): clinical like both.
  'observations.fromPhoto': method<PatientSchedule>()({
    input: z
      .object({
        photoId: id,
        kind: z.enum(OBSERVATION_KINDS),
        /** The photo's own area when left out. */
        area: z.string().min(1).max(40).nullable(),
        note: z.string().trim().max(1000, 'Keep the note under 1000 characters'),
      })
      .strict(),
    roles: clinicalStaff,
    summary: 'Record an observation seen on a photo, dated the day it was taken',
  }),
  'observations.remove': method<PatientSchedule>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'Remove a mistaken observation',
  }),
  'events.add': method<PatientSchedule>()({ input: eventInputSchema, roles: clinicalStaff, summary: 'Record a patient’s event' }),
  'events.remove': method<PatientSchedule>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'Remove an event',
  }),
  'schedule.get': method<PatientSchedule>()({
    input: z.object({ patientId }).strict(),
    roles: clinicalStaff,
    summary: 'When a patient is due, with reasons',
  }),
  'recall.list': method<RecallList>()({
    input: z
      .object({
        from: day,
        to: day,
        practitionerId: id.nullable(),
        area: z.string().min(1).nullable(),
        overdueOnly: z.boolean(),
        status: z.enum([...RECALL_STATUSES, 'open', 'all']),
        /** Fewer rows than a page (the screen's first rows, sent at once); the counts and total are the same. */
        limit: z.number().int().min(1).max(RECALL_PAGE).optional(),
      })
      .strict()
      .refine((q) => q.from <= q.to, { message: 'The range must start before it ends', path: ['to'] }),
    roles: everyone,
    summary: 'Patients due for recall',
  }),
  'recall.log': method<{ logged: true }>()({
    input: z
      .object({
        patientId,
        outcome: z.enum([...RECALL_OUTCOMES, 'snoozed']),
        snoozeUntil: day.nullable(),
        note: z.string().trim().max(1000, 'Keep the note under 1000 characters'),
        /** When the contact happened on the clinic's wall clock; left out, it is now. */
        contactedOn: day.optional(),
        contactedAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 09:30')
          .optional(),
      })
      .strict()
      .refine((c) => (c.outcome === 'snoozed') === (c.snoozeUntil !== null), {
        message: 'Choose the date to snooze until',
        path: ['snoozeUntil'],
      }),
    roles: everyone,
    summary: 'Record a recall contact attempt',
  }),
  'lots.recallCsv': method<CsvFile>()({
    input: z.object({ lotNumber: z.string().trim().min(1, 'Enter a lot number').max(40) }).strict(),
    roles: clinicalStaff,
    summary: 'Export a lot recall list as CSV',
  }),
  'recall.contacts': method<RecallContactView[]>()({
    input: z.object({ patientId }).strict(),
    roles: everyone,
    summary: 'A patient’s logged recall contacts, latest first',
  }),
  'export.csv': method<CsvFile>()({
    input: z.discriminatedUnion('what', [
      z.object({ what: z.literal('patients') }).strict(),
      z.object({ what: z.literal('treatments') }).strict(),
    ]),
    roles: ['admin'],
    summary: 'Export data as CSV',
  }),
  'import.preview': method<ImportPreview>()({
    input: z
      .object({
        csv: z.string().max(20_000_000, 'The file is larger than 20 MB'),
        mapping: z.record(z.string(), z.enum(IMPORT_FIELDS)).nullable(),
      })
      .strict(),
    roles: ['admin'],
    summary: 'Preview a patient import',
  }),
  'import.commit': method<ImportResult>()({
    input: z.object({ csv: z.string().max(20_000_000), mapping: z.record(z.string(), z.enum(IMPORT_FIELDS)) }).strict(),
    roles: ['admin'],
    summary: 'Import patients from CSV',
  }),
  'calendar.setup': method<CalendarSetup>()({
    input: noInput,
    roles: everyone,
    summary: 'Appointment lengths, rooms, hours and days off',
  }),
  'calendar.setTypeMinutes': method<CalendarSetup>()({
    input: z
      .object({
        type: z.enum(APPOINTMENT_TYPES),
        minutes: z.number().int('Use whole minutes').min(5, 'At least 5 minutes').max(480, 'At most 8 hours'),
      })
      .strict(),
    roles: ['admin'],
    summary: 'Set an appointment type’s usual length',
  }),
  'calendar.addRoom': method<CalendarSetup>()({
    input: z.object({ name: z.string().trim().min(1, 'Enter the room’s name').max(60, 'Keep it under 60 characters') }).strict(),
    roles: ['admin'],
    summary: 'Add a room',
  }),
  'calendar.setRoomActive': method<CalendarSetup>()({
    input: z.object({ id, active: z.boolean() }).strict(),
    roles: ['admin'],
    summary: 'Open or close a room',
  }),
  'calendar.setWorkingHours': method<CalendarSetup>()({
    input: workingHoursInputSchema,
    roles: ['admin'],
    summary: 'Set a practitioner’s working hours',
  }),
  'calendar.addDayOff': method<CalendarSetup>()({
    input: dayOffInputSchema,
    roles: ['admin'],
    summary: 'Record a day off or a clinic closure',
  }),
  'calendar.removeDayOff': method<CalendarSetup>()({
    input: z.object({ id }).strict(),
    roles: ['admin'],
    summary: 'Remove a day off or closure',
  }),
  'appointments.range': method<Appointment[]>()({
    input: z
      .object({ from: day, to: day, practitionerId: id.nullable() })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'The range must start before it ends', path: ['to'] }),
    roles: everyone,
    summary: 'Appointments in a date range',
  }),
  'appointments.preview': method<BookingPreview>()({
    input: z.object({ booking: bookingInputSchema, excludeId: id.nullable() }).strict(),
    roles: everyone,
    summary: 'Check a booking before saving it',
  }),
  'appointments.freeSlots': method<FreeSlot[]>()({
    input: z
      .object({
        patientId,
        practitionerId: id,
        from: day,
        minutes: z.number().int().min(5).max(480),
        count: z.number().int().min(1).max(10),
      })
      .strict(),
    // Reception books: finding a free time is front-desk work.
    roles: everyone,
    summary: 'The next free times with a practitioner',
  }),
  'appointments.lastPlanned': method<PlannedTreatment | null>()({
    input: z.object({ patientId }).strict(),
    // Practitioners say what a booking will give; reception's treatment bookings are planned from the last one by the main process.
    roles: clinicalStaff,
    summary: 'What the patient’s last treatment gave, to book the next one the same',
  }),
  'appointments.usualType': method<AppointmentType>()({
    input: z.object({ patientId }).strict(),
    // Reception books returning patients too: whether one has been treated is front-desk knowledge.
    roles: everyone,
    summary: 'The type a booking for the patient starts as: a treatment once treated, else a consultation',
  }),
  'appointments.book': method<Appointment>()({ input: bookingInputSchema, roles: everyone, summary: 'Book an appointment' }),
  'appointments.move': method<Appointment>()({ input: moveInputSchema, roles: everyone, summary: 'Move an appointment' }),
  'appointments.setStatus': method<Appointment>()({
    input: statusInputSchema,
    roles: everyone,
    summary: 'Change an appointment’s status',
  }),
  'appointments.history': method<AppointmentChange[]>()({
    input: z.object({ id }).strict(),
    roles: everyone,
    summary: 'An appointment’s history',
  }),
  'sheets.days': method<DaySheet>()({
    input: z.object({ from: day, days: z.number().int().min(1).max(7), practitionerId: id.nullable() }).strict(),
    roles: everyone,
    summary: 'The printed day or week sheet',
  }),
  'calendar.ics': method<{ fileName: string; ics: string }>()({
    input: z
      .object({ practitionerId: id.nullable(), from: day, to: day })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'The range must start before it ends', path: ['to'] }),
    roles: everyone,
    summary: 'The appointments of a range (one practitioner or everyone) as an iCalendar file',
  }),
  'today.summary': method<TodaySummary>()({ input: noInput, roles: everyone, summary: 'Reception’s day at a glance' }),
  'print.savePdf': method<{ savedTo: string | null }>()({
    input: z
      .object({
        fileName: z
          .string()
          .trim()
          .min(1)
          .max(120)
          .regex(/^[^\\/:*?"<>|]+\.pdf$/, 'A file name ending in .pdf'),
      })
      .strict(),
    roles: everyone,
    summary: 'Save the page being shown as a PDF',
  }),
  'photos.library': method<PhotoLibrary>()({
    input: z.object({ patientId }).strict(),
    roles: clinicalStaff,
    summary: 'A patient’s photos, saved comparisons and protocol',
  }),
  'photos.recent': method<RecentPhoto[]>()({
    input: noInput,
    roles: clinicalStaff,
    summary: 'The latest photos imported across the clinic',
  }),
  'photos.stage': method<StagedFile[]>()({
    input: z
      .object({
        paths: z
          .array(z.string().min(1, 'This item is not a file on this computer').max(4096))
          .min(1, 'Choose at least one file')
          .max(5000, 'Choose at most 5,000 files at once'),
      })
      .strict(),
    // Clinical like the photos they become.
    roles: clinicalStaff,
    door: 'files',
    summary: 'Hand over the files the user chose or dropped, for photo import',
  }),
  'photos.import': method<Photo>()({
    input: z
      .object({
        patientId,
        token: z.string().uuid(),
        tags: importTagsSchema,
        /** The day taken when the file does not say (a patient's photo sent through a messaging app loses it). */
        takenOnIfNone: day.optional(),
      })
      .strict(),
    roles: clinicalStaff,
    summary: 'Import one chosen photo',
  }),
  // --- Capture in the app (issue 15) ------------------------------------------------------
  // Clinical like the photos: reception sees no photos, so it neither opens the camera nor takes one.
  // The camera is the computer's own: its permission is decided by that computer's main process,
  // so a workstation (whose calls the host answers) is told plainly instead of getting a dark view.
  'camera.open': method<{ open: true; leaseMs: number }>()({
    input: z.object({ patientId }).strict(),
    roles: clinicalStaff,
    localOnly: true,
    summary: 'Open the capture view: the app lets it use the camera while it stays open',
  }),
  'camera.close': method<{ open: false }>()({
    input: noInput,
    roles: clinicalStaff,
    summary: 'Close the capture view: the camera is refused again',
  }),
  'photos.capture': method<Photo>()({
    input: z.object({ patientId, image: capturedImageSchema, tags: importTagsSchema.omit({ byPatient: true }) }).strict(),
    roles: clinicalStaff,
    summary: 'Store a photo taken in the capture view (the picture’s bytes, checked like an import)',
  }),
  'photos.update': method<Photo>()({
    input: z.object({ id, tags: photoTagsSchema }).strict(),
    roles: clinicalStaff,
    summary: 'Change a photo’s date and tags',
  }),
  'photos.setLandmarks': method<Photo>()({
    input: z.object({ id, landmarks: z.tuple([landmarkSchema, landmarkSchema]).nullable() }).strict(),
    roles: clinicalStaff,
    summary: 'Mark or clear the two alignment points of a photo',
  }),
  'photos.delete': method<{ deleted: true }>()({
    input: z
      .object({ id, reason: z.string().trim().min(1, 'Say why the photo is deleted').max(500, 'Keep it under 500 characters') })
      .strict(),
    roles: clinicalStaff,
    summary: 'Delete a photo (kept for the audit trail)',
  }),
  'comparisons.save': method<SavedComparison>()({
    input: z
      .object({
        patientId,
        name: z.string().trim().min(1, 'Name the comparison').max(120, 'Keep it under 120 characters'),
        view: comparisonViewSchema,
      })
      .strict(),
    roles: clinicalStaff,
    summary: 'Save a comparison',
  }),
  'comparisons.delete': method<{ deleted: true }>()({
    input: z.object({ id }).strict(),
    roles: clinicalStaff,
    summary: 'Remove a saved comparison',
  }),
  'photos.print': method<{ photoIds: number[]; purpose: (typeof PHOTO_SCOPES)[number] }>()({
    input: z.object({ photoIds: z.array(id).min(1).max(4), purpose: z.enum(PHOTO_SCOPES) }).strict(),
    // Clinical like the photos themselves: reception sees no photos.
    roles: clinicalStaff,
    summary: 'Print a comparison, if the patient’s consent covers the use (the main process decides and records it)',
  }),
  'photos.export': method<{ savedTo: string | null; fileName: string }>()({
    input: z.object({ view: comparisonViewSchema, format: z.enum(EXPORT_FORMATS), purpose: z.enum(PHOTO_SCOPES) }).strict(),
    roles: clinicalStaff,
    summary: 'Export a comparison as a labelled picture or PDF, if the patient’s consent covers the use',
  }),
  // --- Messages to patients (issue 14) ---------------------------------------------------
  // The mail account holds a password and decides what leaves the clinic in its name: admin only.
  'mailSettings.get': method<MailSettingsView>()({
    input: noInput,
    roles: ['admin'],
    summary: 'The clinic’s mail account and SMS settings (never the password)',
  }),
  'mailSettings.update': method<MailSettingsView>()({
    input: mailSettingsInputSchema,
    roles: ['admin'],
    summary: 'Change the clinic’s mail account and SMS settings',
  }),
  'mailSettings.test': method<SmtpTestResult>()({
    input: z
      .object({
        settings: mailSettingsInputSchema,
        to: z.string().trim().refine(isEmailAddress, 'Enter the address to send the test to, such as you@yourclinic.com'),
      })
      .strict(),
    roles: ['admin'],
    summary: 'Send a test message with the mail settings on the form',
  }),
  // Reception runs the reminders and answers the replies; the owner decides too. Practitioners
  // see what was sent on the patient's page.
  'templates.list': method<Template[]>()({
    input: noInput,
    roles: ['admin', 'reception'],
    summary: 'The message kinds with their timing and templates',
  }),
  'templates.save': method<Template[]>()({
    input: templateInputSchema,
    roles: ['admin', 'reception'],
    summary: 'Change a message kind’s timing or template',
  }),
  'templates.preview': method<TemplatePreview>()({
    input: z
      .object({
        kind: z.enum(TEMPLATE_KINDS),
        subject: z.string().max(200),
        body: z.string().max(10_000),
        smsBody: z.string().max(480),
        patientId,
      })
      .strict(),
    roles: ['admin', 'reception'],
    summary: 'Preview a template with a real patient',
  }),
  'outbox.list': method<OutboxView>()({
    input: z.object({ status: z.enum([...OUTBOX_STATUSES, 'all']), limit: z.number().int().min(1).max(500) }).strict(),
    roles: ['admin', 'reception'],
    summary: 'The outbox of messages to patients',
  }),
  'outbox.sendNow': method<OutboxView>()({
    input: z.object({ id: id.nullable() }).strict(),
    roles: ['admin', 'reception'],
    summary: 'Send waiting messages now',
  }),
  'outbox.retry': method<OutboxView>()({
    input: z.object({ id }).strict(),
    roles: ['admin', 'reception'],
    summary: 'Try a failed message again',
  }),
  'outbox.cancel': method<OutboxView>()({
    input: z
      .object({ id, reason: z.string().trim().min(1, 'Say why it is cancelled').max(500, 'Keep it under 500 characters') })
      .strict(),
    roles: ['admin', 'reception'],
    summary: 'Cancel a waiting or failed message',
  }),
  'outbox.exportSms': method<CsvFile & { count: number }>()({
    input: noInput,
    roles: ['admin', 'reception'],
    summary: 'Export the text messages due for the clinic’s SMS service',
  }),
  // Counts only, for Today, which everyone sees.
  'outbox.digest': method<MessageDigest>()({ input: noInput, roles: everyone, summary: 'Messages sent and failed today' }),
  'outbox.ofPatient': method<PatientMessage[]>()({
    input: z.object({ patientId }).strict(),
    roles: everyone,
    summary: 'The messages sent or waiting for one patient',
  }),
  // The plan says what was treated: clinical, so practitioners and the owner.
  'plan.get': method<PlanDocument>()({
    input: z.object({ treatmentId: id }).strict(),
    roles: clinicalStaff,
    summary: 'The take-home treatment plan of a finalised treatment',
  }),
  'plan.email': method<PlanDocument>()({
    input: z.object({ treatmentId: id, requestKey: z.string().uuid() }).strict(),
    roles: clinicalStaff,
    summary: 'E-mail the take-home treatment plan to the patient',
  }),
  // --- Several computers, one clinic (issue 13) --------------------------------------------
  // Before anyone signs in: how this computer takes part, and pairing a new computer as a
  // workstation. They reveal nothing of any clinic's records.
  'network.mode': publicMethod<NetworkMode>()({
    input: noInput,
    summary: 'Whether this computer is on its own, shares its clinic, or is a workstation of another',
  }),
  'network.findHosts': publicMethod<FoundHost[]>()({
    input: noInput,
    localOnly: true,
    summary: 'Clinic computers announcing themselves on the network',
  }),
  'network.inspectHost': publicMethod<HostInspection>()({
    input: inspectHostInputSchema,
    localOnly: true,
    summary: 'The name and certificate fingerprint of a clinic computer, before pairing',
  }),
  'network.pair': publicMethod<NetworkMode>()({
    input: pairInputSchema,
    localOnly: true,
    summary: 'Make this computer a workstation of a clinic computer with its pairing code',
  }),
  'network.forget': publicMethod<NetworkMode>()({
    input: noInput,
    localOnly: true,
    summary: 'Stop being a workstation (the clinic’s computer keeps the pairing until it is revoked there)',
  }),
  // The host's own screen: only its owner/admin, and only at that computer (localOnly), so a
  // workstation can never switch sharing off or pair or revoke computers from afar.
  'network.host': method<HostView>()({
    input: noInput,
    roles: ['admin'],
    localOnly: true,
    summary: 'Sharing this clinic with other computers: address, pairing, workstations and who is signed in where',
  }),
  'network.share': method<HostView>()({
    input: shareInputSchema,
    roles: ['admin'],
    localOnly: true,
    summary: 'Share this clinic with other computers on the network, or stop',
  }),
  'network.newPairingCode': method<HostView>()({
    input: noInput,
    roles: ['admin'],
    localOnly: true,
    summary: 'Show a pairing code for a new workstation (six digits, five minutes)',
  }),
  'network.revoke': method<HostView>()({
    input: z.object({ id: z.string().uuid() }).strict(),
    roles: ['admin'],
    localOnly: true,
    summary: 'Revoke a workstation: its sessions end at once and it is refused from then on',
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
/** The methods callable without a signed-in session. */
export type PublicMethod = {
  [M in MethodName]: Contract[M] extends { public: true } ? M : never;
}[MethodName];
export type OutputOf<M extends MethodName> = Exclude<Contract[M][typeof outputMarker], undefined>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
