import type { CsvFile } from '../../shared/contract';
import { toCsv } from '../../shared/csv';
import { recordAudit } from '../db/auditRepo';
import { allPatientsForExport } from '../db/patientsRepo';
import { allTreatmentsForExport } from '../db/treatmentsRepo';
import type { CallContext, Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

/** Every export leaves the clinic's hands: the audit trail says who took what. */
export function auditedExport(deps: ApiDeps, file: CsvFile, ctx: CallContext, what: string, lines: number): CsvFile {
  recordAudit(deps.db, {
    atMs: deps.clock.nowMs(),
    staff: ctx.staff,
    action: 'export',
    entity: 'csv',
    entityId: what,
    before: undefined,
    after: { fileName: file.fileName, rows: lines },
    patientId: null,
  });
  return file;
}

/** The clinic's patients or treatments as CSV files for a spreadsheet. */
export function exportHandlers(deps: ApiDeps): Pick<Handlers, 'export.csv'> {
  const { db } = deps;
  return {
    'export.csv': (q, ctx) => {
      const file = exportCsv(q);
      return auditedExport(deps, file, ctx, q.what, file.csv.split('\n').length - 2);
    },
  };

  function exportCsv(q: { what: 'patients' | 'treatments' }): CsvFile {
    const today = clinicToday(deps);
    if (q.what === 'patients') {
      const rows = allPatientsForExport(db);
      return {
        fileName: `patients-${today}.csv`,
        csv: toCsv(
          [
            'id',
            'first_name',
            'last_name',
            'preferred_name',
            'dob',
            'sex',
            'phone',
            'email',
            'address',
            'contact_preference',
            'flags',
            'allergies',
            'medications',
            'medical_history',
            'activity_level',
            'notes',
            'archived',
          ],
          rows.map((p) => [
            p.id,
            p.firstName,
            p.lastName,
            p.preferredName,
            p.dob,
            p.sex,
            p.phone,
            p.email,
            p.address,
            p.contactPreference,
            p.flags.join(' '),
            p.allergies,
            p.medications,
            p.medicalHistory,
            p.activityLevel,
            p.notes,
            p.archived ? 'yes' : 'no',
          ]),
        ),
      };
    }
    if (q.what === 'treatments') {
      return {
        fileName: `treatments-${today}.csv`,
        csv: toCsv(
          [
            'treatment_id',
            'version',
            'status',
            'patient_id',
            'patient',
            'date',
            'time',
            'given_at',
            'product',
            'lot',
            'lot_expiry',
            'kind',
            'areas_units',
            'injector',
            'prescriber',
            'notes',
          ],
          allTreatmentsForExport(db).map((t) => [
            t.treatmentId,
            t.version,
            t.status,
            t.patientId,
            t.patientName,
            t.performedOn,
            t.performedAt,
            t.source === 'elsewhere' ? t.elsewhere : 'this clinic',
            t.product,
            t.lotNumber,
            t.lotExpiry,
            t.kind,
            t.areas,
            t.injector,
            t.prescriber,
            t.notes,
          ]),
        ),
      };
    }
    throw new Error('unknown export');
  }
}
