import { z } from 'zod';
import type { RuleSettings } from './ruleSettings';
import { ruleSettingsSchema } from './ruleSettings';
import type { Consent } from './consents';
import { consentInputSchema } from './consents';
import { isValidDay } from './days';
import type { Patient, PatientSummary } from './patients';
import { PATIENT_SORTS, patientInputSchema } from './patients';
import type { ClinicSettings } from './settings';
import { clinicSettingsSchema } from './settings';
import { ROLES, type Role, type StaffMember } from './staff';

/** A phantom marker carrying a method's output type; it never exists at run time. */
declare const outputMarker: unique symbol;
interface MethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Who may call it. The dispatcher enforces this; hiding a button is never the only guard. */
  readonly roles: readonly Role[];
  readonly summary: string;
  readonly [outputMarker]?: O;
}

function method<O>() {
  return <I extends z.ZodType>(spec: { input: I; roles: readonly Role[]; summary: string }): MethodSpec<I, O> => spec;
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

export interface AppInfo {
  version: string;
  dataDir: string;
  demo: boolean;
  staff: StaffMember;
  /** Today in the clinic's time zone, from the main process clock. */
  today: string;
}

/**
 * The whole main↔renderer API: method name → input schema, roles, output type.
 * Handlers are registered against this table and the renderer client is derived from it.
 */
export const contract = {
  'app.info': method<AppInfo>()({ input: noInput, roles: everyone, summary: 'Version, data folder and who is signed in' }),
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
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = Exclude<Contract[M][typeof outputMarker], undefined>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
