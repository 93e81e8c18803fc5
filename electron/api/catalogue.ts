import { BUILT_IN_AREAS, BUILT_IN_PRODUCTS, mergeByCode } from '../../shared/catalogue';
import type { Catalogue } from '../../shared/contract';
import { ApiError } from '../../shared/envelope';
import { lotStatus } from '../../shared/lots';
import { recordAudit } from '../db/auditRepo';
import { clinicAreas, clinicProducts, listLots, upsertClinicArea, upsertClinicProduct } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import type { Handlers } from '../dispatch';
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

type CatalogueHandlers = Pick<Handlers, 'catalogue.get' | 'catalogue.addProduct' | 'catalogue.addArea'>;

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
  };
}
