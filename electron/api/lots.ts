import type { CsvFile, LotRecallResult } from '../../shared/contract';
import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import { findLot, getLot, insertLot, updateLot } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { treatmentsFromLot } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { toCsv } from '../../shared/csv';
import { readCatalogue } from './catalogue';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';
import { auditedExport } from './export';

/** Lots of the clinic's products: recording deliveries and stock, and finding every patient treated from one. */
export function lotHandlers(deps: ApiDeps): Pick<Handlers, 'lots.save' | 'lots.recall' | 'lots.recallCsv'> {
  const { db, clock } = deps;
  const today = () => clinicToday(deps);
  return {
    'lots.save': ({ id, lot }, { staff }) =>
      db.transaction(() => {
        if (!readCatalogue(db, today()).products.some((p) => p.code === lot.product)) {
          throw new ApiError('INVALID_INPUT', `There is no product "${lot.product}".`, {
            'lot.product': 'Choose a product from the list',
          });
        }
        if (lot.receivedOn > today()) {
          throw new ApiError('INVALID_INPUT', 'A lot cannot be received in the future.', {
            'lot.receivedOn': 'This date is in the future',
          });
        }
        const clash = findLot(db, lot.product, lot.lotNumber);
        if (clash && clash.id !== id) {
          throw new ApiError('INVALID_INPUT', `Lot ${lot.lotNumber} of this product is already recorded.`, {
            'lot.lotNumber': 'This lot is already recorded',
          });
        }
        const atMs = clock.nowMs();
        if (id === null) {
          const newId = insertLot(db, lot, atMs);
          recordAudit(db, {
            atMs,
            staff,
            action: 'create',
            entity: 'lot',
            entityId: String(newId),
            before: undefined,
            after: getLot(db, newId),
          });
        } else {
          const before = getLot(db, id);
          if (!before) throw new ApiError('NOT_FOUND', `There is no lot number ${id}.`);
          updateLot(db, id, lot);
          recordAudit(db, { atMs, staff, action: 'update', entity: 'lot', entityId: String(id), before, after: getLot(db, id) });
        }
        return readCatalogue(db, today());
      })(),
    'lots.recall': ({ lotNumber }) => lotRecall(db, lotNumber),
    'lots.recallCsv': ({ lotNumber }, ctx) => {
      const file = lotRecallCsv(lotNumber);
      return auditedExport(deps, file, ctx, 'lot_recall', file.csv.split('\n').length - 2);
    },
  };

  function lotRecallCsv(lotNumber: string): CsvFile {
    const today = clinicToday(deps);
    const recall = lotRecall(db, lotNumber);
    return {
      fileName: `lot-${lotNumber.replace(/[^A-Za-z0-9-]/g, '_')}-patients-${today}.csv`,
      csv: toCsv(
        [
          'patient_id',
          'patient',
          'dob',
          'phone',
          'email',
          'treatment_date',
          'product',
          'lot',
          'areas_units',
          'injector',
          'record_status',
        ],
        recall.rows.map((r) => [
          r.patientId,
          r.name,
          r.dob,
          r.phone,
          r.email,
          r.performedOn,
          r.product,
          lotNumber,
          r.areas,
          r.injectorName,
          r.status,
        ]),
      ),
    };
  }
}

export function lotRecall(db: Db, lotNumber: string): LotRecallResult {
  const { products, areas } = loadRulesContext(db);
  return {
    lotNumber,
    rows: treatmentsFromLot(db, lotNumber).map((r) => ({
      patientId: r.patientId,
      name: `${r.firstName} ${r.lastName}`,
      dob: r.dob,
      phone: r.phone,
      email: r.email,
      treatmentId: r.treatmentId,
      performedOn: r.performedOn,
      product: r.product ? (products.get(r.product)?.brand ?? r.product) : '',
      status: r.status,
      injectorName: r.injectorName,
      areas: r.areas.map((a) => `${areas.get(a.area)?.name ?? a.area} ${a.units} U`).join(', '),
    })),
  };
}
