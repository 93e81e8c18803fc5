import { BUILT_IN_AREAS, BUILT_IN_PRODUCTS, mergeByCode } from '../../shared/catalogue';
import type { Catalogue, LotRecallResult } from '../../shared/contract';
import { ApiError } from '../../shared/envelope';
import { lotStatus } from '../../shared/lots';
import { recordAudit } from '../db/auditRepo';
import {
  clinicAreas,
  clinicProducts,
  findLot,
  getLot,
  insertLot,
  listLots,
  updateLot,
  upsertClinicArea,
  upsertClinicProduct,
} from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { treatmentsFromLot } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

export function readCatalogue(db: Db, today: string): Catalogue {
  const own = clinicProducts(db);
  const ownAreas = clinicAreas(db);
  const ownCodes = new Set(own.map((p) => p.code));
  const ownAreaCodes = new Set(ownAreas.map((a) => a.code));
  return {
    products: mergeByCode(BUILT_IN_PRODUCTS, own).map((p) => ({ ...p, builtIn: !ownCodes.has(p.code) })),
    areas: mergeByCode(BUILT_IN_AREAS, ownAreas).map((a) => ({ ...a, builtIn: !ownAreaCodes.has(a.code) })),
    lots: listLots(db).map((l) => ({ ...l, status: lotStatus(l.expiry, today) })),
  };
}

type CatalogueHandlers = Pick<
  Handlers,
  'catalogue.get' | 'catalogue.addProduct' | 'catalogue.addArea' | 'lots.save' | 'lots.recall'
>;

export function catalogueHandlers(deps: ApiDeps): CatalogueHandlers {
  const { db, clock } = deps;
  const today = () => clinicToday(deps);
  return {
    'catalogue.get': () => readCatalogue(db, today()),
    'catalogue.addProduct': (product, { staff }) =>
      db.transaction(() => {
        const existing = readCatalogue(db, today()).products.find((p) => p.code === product.code);
        if (existing)
          throw new ApiError('INVALID_INPUT', `The code "${product.code}" is already used by ${existing.brand}.`, {
            code: 'This code is already used',
          });
        const atMs = clock.nowMs();
        upsertClinicProduct(db, product, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'product',
          entityId: product.code,
          before: undefined,
          after: product,
        });
        return readCatalogue(db, today());
      })(),
    'catalogue.addArea': (area, { staff }) =>
      db.transaction(() => {
        const existing = readCatalogue(db, today()).areas.find((a) => a.code === area.code);
        if (existing)
          throw new ApiError('INVALID_INPUT', `The code "${area.code}" is already used by ${existing.name}.`, {
            code: 'This code is already used',
          });
        const atMs = clock.nowMs();
        upsertClinicArea(db, area, atMs);
        recordAudit(db, { atMs, staff, action: 'create', entity: 'area', entityId: area.code, before: undefined, after: area });
        return readCatalogue(db, today());
      })(),
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
  };
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
