import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { fixedClock, type Clock } from '../../electron/clock';
import { TEST_KDF } from '../../electron/auth/crypto';
import { createClinicCore, type ClinicCore, type CoreOptions } from '../../electron/core';
import type { Role } from '../../shared/staff';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { emptyPatient, type PatientInput } from '../../shared/patients';
import { tempDir } from './tempDir';

const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
/** The owner every test clinic is set up with (the tests about passwords use their own). */
export const TEST_OWNER = { name: 'Clinic Owner', password: 'correct horse battery staple' };
const open: ClinicCore[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A clinic on a real SQLite file in a temp folder, with typed calls through the real dispatcher. */
export async function testClinic(
  now = '2026-11-22T10:00:00Z',
  opts: { setUp?: boolean; clock?: Clock; core?: Partial<CoreOptions> } = {},
) {
  const dir = tempDir();
  let nextFolder: string | null = null;
  const core = createClinicCore({
    kdf: TEST_KDF,
    dataDir: path.join(dir, 'clinic'),
    demoDir: path.join(dir, 'demo'),
    trustedOrigin: 'app://clinic',
    clock: opts.clock ?? fixedClock(now),
    systemTimeZone: 'Europe/London',
    // The outbox is sent, backups made and checks run when a test says so, not by timers behind its back.
    messageIntervalMs: 0,
    backupCheckMs: 0,
    quickCheckAfterMs: null,
    // The folder picker's stand-in: the folder the test chose last (see `chooseFolder` below).
    chooseFolder: () => Promise.resolve(nextFolder),
    choosePath: (fileName) => {
      fs.mkdirSync(path.join(dir, 'exports'), { recursive: true });
      return Promise.resolve(path.join(dir, 'exports', fileName));
    },
    // The save dialog's stand-in: exports land in the test's folder under the suggested name.
    saveFile: async (fileName, bytes) => {
      const file = path.join(dir, 'exports', fileName);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, bytes);
      return file;
    },
    ...opts.core,
  });
  open.push(core);
  /** A call from a screen: this computer's own window unless another session is named. */
  async function raw<M extends MethodName>(method: M, input: InputOf<M>, session?: string): Promise<Envelope<OutputOf<M>>> {
    return (await core.dispatch(session ? { ...PAGE, session } : PAGE, method, input)) as Envelope<OutputOf<M>>;
  }
  async function call<M extends MethodName>(method: M, input: InputOf<M>, session?: string): Promise<OutputOf<M>> {
    const r = await raw(method, input, session);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  }
  let recoveryKey = '';
  if (opts.setUp !== false) {
    recoveryKey = (
      await call('auth.setupClinic', { clinicName: 'Test Clinic', ownerName: TEST_OWNER.name, password: TEST_OWNER.password })
    ).recoveryKey;
  }
  /**
   * Adds a person with a role, has them sign in with their setup code on a screen of their own
   * (session `session`) and choose a password; returns their staff id.
   */
  async function person(name: string, role: Role, session: string, password = `${name} has a long password 42`): Promise<number> {
    const team = await call('team.add', { name, role, registration: '' });
    const id = team.find((m) => m.name === name)!.id;
    const { setupCode } = await call('team.invite', { id });
    await call('auth.signIn', { name, password: setupCode }, session);
    await call('auth.setPassword', { password }, session);
    return id;
  }
  async function patient(p: Partial<PatientInput> = {}): Promise<number> {
    return (
      await call('patients.create', {
        patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15', ...p },
        allowDuplicate: true,
      })
    ).id;
  }
  async function injector(name = 'Dr Sarah Whitfield'): Promise<number> {
    const team = await call('team.add', { name, role: 'practitioner', registration: '' });
    return team.find((m) => m.name === name)!.id;
  }
  async function lot(product = 'botox', lotNumber = 'C1234', expiry = '2027-06-30'): Promise<number> {
    const cat = await call('lots.save', {
      id: null,
      lot: { product, lotNumber, expiry, receivedOn: '2026-01-05', supplier: 'Supplier', vials: 10, unitsPerVial: 100 },
    });
    return cat.lots.find((l) => l.lotNumber === lotNumber && l.product === product)!.id;
  }
  async function consent(patientId: number, signedOn = '2025-01-01'): Promise<void> {
    await call('consents.add', {
      patientId,
      consent: { formName: 'Toxin consent', formVersion: '3', signedOn, photoScope: 'clinical' },
    });
  }
  /** What the folder picker answers next (a folder of the test's own; null for "cancelled"). */
  function chooseFolder(folder: string | null): void {
    if (folder) fs.mkdirSync(folder, { recursive: true });
    nextFolder = folder;
  }
  return { core, dir, raw, call, chooseFolder, patient, injector, lot, consent, person, recoveryKey: () => recoveryKey };
}

export type TestClinic = Awaited<ReturnType<typeof testClinic>>;

/** A complete clinic treatment as the charting screen would send it. */
export function fullTreatment(
  patientId: number,
  injectorId: number,
  lotId: number,
  performedOn: string,
  areas = [{ area: 'glabella', units: 20 }],
) {
  return {
    patientId,
    performedOn,
    performedAt: '10:30',
    injectorId,
    prescriber: '',
    product: 'botox',
    lotId,
    expiredLotReason: '',
    preparation: { readyToUse: false, diluent: '0.9% sodium chloride', diluentMl: 2.5, unitsPerVial: 100 },
    kind: 'full' as const,
    areas,
    points: [],
    notes: '',
    reviewOutcome: '',
  };
}

/** Charts and finalises one treatment; returns its id. */
export async function chart(c: TestClinic, t: ReturnType<typeof fullTreatment>): Promise<number> {
  const { treatment } = await c.call('treatments.saveDraft', { id: null, treatment: t });
  return (await c.call('treatments.finalise', { id: treatment.id })).id;
}
