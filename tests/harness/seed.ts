import { emptyPatient, type PatientInput } from '../../shared/patients';
import type { ClinicHarness } from './fixtures';

/** A practitioner and an in-date Botox lot: what charting needs besides a patient. */
export async function seedPractice(clinic: ClinicHarness): Promise<{ injectorId: number; lotId: number }> {
  const team = await clinic.call('team.add', { name: 'Dr Sarah Whitfield', role: 'practitioner', registration: '' });
  const catalogue = await clinic.call('lots.save', {
    id: null,
    lot: {
      product: 'botox',
      lotNumber: 'C4521',
      expiry: '2027-08-31',
      receivedOn: '2026-09-01',
      supplier: 'Supplier',
      vials: 6,
      unitsPerVial: 100,
    },
  });
  return { injectorId: team[0]!.id, lotId: catalogue.lots[0]!.id };
}

export async function seedPatient(
  clinic: ClinicHarness,
  p: Partial<PatientInput> = {},
  consentOn: string | null = '2026-01-10',
): Promise<number> {
  const patient = await clinic.call('patients.create', {
    patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15', phone: '07123 456789', ...p },
    allowDuplicate: true,
  });
  if (consentOn) {
    await clinic.call('consents.add', {
      patientId: patient.id,
      consent: { formName: 'Toxin consent', formVersion: '3', signedOn: consentOn, photoScope: 'clinical' },
    });
  }
  return patient.id;
}

/** Charts and finalises a Botox treatment through the API. */
export async function seedTreatment(
  clinic: ClinicHarness,
  patientId: number,
  ids: { injectorId: number; lotId: number },
  on: string,
  areas = [{ area: 'glabella', units: 20 }],
) {
  const { treatment } = await clinic.call('treatments.saveDraft', {
    id: null,
    treatment: {
      patientId,
      performedOn: on,
      performedAt: '10:00',
      injectorId: ids.injectorId,
      prescriber: '',
      product: 'botox',
      lotId: ids.lotId,
      expiredLotReason: '',
      preparation: { readyToUse: false, diluent: '0.9% sodium chloride', diluentMl: 2.5, unitsPerVial: 100 },
      kind: 'full',
      areas,
      points: [],
      notes: '',
      reviewOutcome: '',
    },
  });
  return clinic.call('treatments.finalise', { id: treatment.id });
}
