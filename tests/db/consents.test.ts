import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicCore } from '../../electron/core';
import { currentConsent, type Consent } from '../../shared/consents';
import { emptyPatient, type Patient } from '../../shared/patients';
import { testClinic } from '../support/core';

const page = { url: 'app://clinic/index.html', isMainFrame: true };
let core: ClinicCore;
afterEach(() => core?.close());

async function setup(): Promise<number> {
  core = (await testClinic()).core;
  const r = await core.dispatch(page, 'patients.create', {
    patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor' },
    allowDuplicate: false,
  });
  return (r as { value: Patient }).value.id;
}

const form = { formName: 'Toxin consent', formVersion: '3', signedOn: '2026-01-10', photoScope: 'education' as const };

describe('consents', () => {
  it('records consents, the newest unwithdrawn one is in force, and withdrawal is audited', async () => {
    const patientId = await setup();
    await core.dispatch(page, 'consents.add', { patientId, consent: form });
    const added = await core.dispatch(page, 'consents.add', {
      patientId,
      consent: { ...form, formVersion: '4', signedOn: '2026-06-01', photoScope: 'marketing' },
    });
    const list = (added as { value: Consent[] }).value;
    expect(list.map((c) => c.formVersion)).toEqual(['4', '3']);
    expect(currentConsent(list)?.formVersion).toBe('4');

    const withdrawn = await core.dispatch(page, 'consents.withdraw', { id: list[0]!.id, on: '2026-11-01' });
    const after = (withdrawn as { value: Consent[] }).value;
    expect(after[0]).toMatchObject({ withdrawnOn: '2026-11-01' });
    expect(currentConsent(after)?.formVersion).toBe('3');
    const audit = core.db.prepare("SELECT action FROM audit_log WHERE entity = 'consent' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'create' }, { action: 'create' }, { action: 'update' }]);
  });

  it('refuses a future signing date, a withdrawal before signing or in the future, and a second withdrawal', async () => {
    const patientId = await setup();
    expect(await core.dispatch(page, 'consents.add', { patientId, consent: { ...form, signedOn: '2026-11-23' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'consent.signedOn': expect.any(String) as string } },
    });
    expect(await core.dispatch(page, 'consents.add', { patientId, consent: { ...form, formVersion: ' ' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const r = (await core.dispatch(page, 'consents.add', { patientId, consent: form })) as { value: Consent[] };
    const id = r.value[0]!.id;
    expect(await core.dispatch(page, 'consents.withdraw', { id, on: '2026-01-09' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await core.dispatch(page, 'consents.withdraw', { id, on: '2026-12-01' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect((await core.dispatch(page, 'consents.withdraw', { id, on: '2026-02-01' })).ok).toBe(true);
    expect(await core.dispatch(page, 'consents.withdraw', { id, on: '2026-03-01' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await core.dispatch(page, 'consents.add', { patientId: 999, consent: form })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
