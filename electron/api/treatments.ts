import { consentInForceOn } from '../../shared/consents';
import { timeOfDayIn } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { usableLotsOf } from '../../shared/lots';
import { canInject } from '../../shared/staff';
import type { ElsewhereInput, Treatment, TreatmentFields, TreatmentInput, TreatmentRecord } from '../../shared/treatments';
import { missingForFinal } from '../../shared/treatments';
import { recordAudit } from '../db/auditRepo';
import { getLot, listLots, useLotUnits } from '../db/catalogueRepo';
import { consentsOf } from '../db/consentsRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import type { TreatmentWrite } from '../db/treatmentsRepo';
import {
  deleteDraft,
  getTreatment,
  insertTreatment,
  lastClinicTreatment,
  markFinal,
  markSuperseded,
  treatmentsOfPatient,
  updateDraft,
} from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { refreshScheduleSummary } from '../scheduling/patientSchedule';
import { clinicToday } from './clinicDay';
import { mustGetActivePatient } from './common';
import type { ApiDeps } from './deps';

type TreatmentHandlers = Pick<
  Handlers,
  | 'treatments.list'
  | 'treatments.get'
  | 'treatments.prefill'
  | 'treatments.saveDraft'
  | 'treatments.finalise'
  | 'treatments.amend'
  | 'treatments.discardDraft'
  | 'treatments.recordElsewhere'
>;

function invalid(field: string, message: string): ApiError {
  return new ApiError('INVALID_INPUT', message, { [field]: message });
}

/** Groups versions by record: the version in force first, then the ones it replaced. */
export function groupRecords(versions: readonly Treatment[]): TreatmentRecord[] {
  const byRecord = new Map<number, Treatment[]>();
  for (const t of versions) byRecord.set(t.recordId, [...(byRecord.get(t.recordId) ?? []), t]);
  return [...byRecord.values()].map((list) => {
    const current = list.find((t) => t.supersededBy === null) ?? list[0]!;
    return { current, earlier: list.filter((t) => t !== current).sort((a, b) => b.version - a.version) };
  });
}

export function treatmentHandlers(deps: ApiDeps): TreatmentHandlers {
  const { db, clock } = deps;

  function mustGet(id: number): Treatment {
    const t = getTreatment(db, id);
    if (!t) throw new ApiError('NOT_FOUND', `There is no treatment record number ${id}.`);
    return t;
  }

  const mustHaveActivePatient = (id: number) => mustGetActivePatient(db, id, 'charting a treatment');

  /** Checks what a schema cannot know (today, the catalogue, the team) and gathers the lot's facts. */
  function checked(f: TreatmentFields, prefix = 'treatment'): Omit<TreatmentWrite, 'createdBy'> {
    mustHaveActivePatient(f.patientId);
    const ctx = loadRulesContext(db);
    if (f.performedOn > clinicToday(deps)) throw invalid(`${prefix}.performedOn`, 'A treatment cannot be charted in the future');
    if (f.product !== null && !ctx.products.has(f.product))
      throw invalid(`${prefix}.product`, `There is no product "${f.product}"`);
    f.areas.forEach((a, i) => {
      if (!ctx.areas.has(a.area)) throw invalid(`${prefix}.areas.${i}.area`, `There is no area "${a.area}"`);
    });
    f.points.forEach((p, i) => {
      if (p.area !== null && !ctx.areas.has(p.area)) throw invalid(`${prefix}.points.${i}.area`, `There is no area "${p.area}"`);
    });
    if (f.injectorId !== null) {
      const injector = getTeamMember(db, f.injectorId);
      if (!injector || !canInject(injector)) throw invalid(`${prefix}.injectorId`, 'Choose a practitioner from the team');
    }
    let lotNumber = '';
    let lotExpiry: string | null = null;
    if (f.lotId !== null) {
      const lot = getLot(db, f.lotId);
      if (!lot) throw invalid(`${prefix}.lotId`, 'Choose a lot from the list');
      if (f.product !== null && lot.product !== f.product)
        throw invalid(`${prefix}.lotId`, 'This lot belongs to another product');
      lotNumber = lot.lotNumber;
      lotExpiry = lot.expiry;
    }
    return { fields: f, lotNumber, lotExpiry, source: 'clinic', elsewhere: '' };
  }

  /**
   * The checks of a treatment given elsewhere, the same whether it is recorded or amended: a
   * product and areas of the catalogue, at least one area, a date no later than today.
   */
  function checkElsewhere(
    f: { patientId: number; performedOn: string; product: string | null; areas: readonly { area: string }[] },
    prefix = '',
  ): void {
    mustHaveActivePatient(f.patientId);
    const ctx = loadRulesContext(db);
    if (f.performedOn > clinicToday(deps)) throw invalid(`${prefix}performedOn`, 'This date is in the future');
    if (f.product === null) throw invalid(`${prefix}product`, 'Choose the product that was given');
    if (!ctx.products.has(f.product)) throw invalid(`${prefix}product`, `There is no product "${f.product}"`);
    if (f.areas.length === 0) throw invalid(`${prefix}areas`, 'Add at least one area with its units');
    f.areas.forEach((a, i) => {
      if (!ctx.areas.has(a.area)) throw invalid(`${prefix}areas.${i}.area`, `There is no area "${a.area}"`);
    });
  }

  function missing(f: TreatmentFields, lotExpiry: string | null): string[] {
    const consentInForce = consentInForceOn(consentsOf(db, f.patientId), f.performedOn) !== null;
    return missingForFinal(f, { consentInForce, lotExpiry });
  }

  /**
   * Stock follows the record in force: finalising takes the units charted off the lot, an
   * amendment puts the earlier version's units back and takes the new ones (from whichever lot
   * each names). Each change is in the audit trail with the treatment that caused it.
   */
  function moveStock(
    before: Treatment | null,
    after: Treatment,
    staff: Parameters<TreatmentHandlers['treatments.finalise']>[1]['staff'],
    atMs: number,
  ) {
    const used = (t: Treatment | null) =>
      t && t.source === 'clinic' && t.lotId !== null ? { lotId: t.lotId, units: t.areas.reduce((n, a) => n + a.units, 0) } : null;
    const change = new Map<number, number>();
    const was = used(before);
    const now = used(after);
    if (was) change.set(was.lotId, (change.get(was.lotId) ?? 0) - was.units);
    if (now) change.set(now.lotId, (change.get(now.lotId) ?? 0) + now.units);
    for (const [lotId, units] of change) {
      if (units === 0) continue;
      const lotBefore = getLot(db, lotId);
      if (!lotBefore) continue;
      useLotUnits(db, lotId, units);
      recordAudit(db, {
        atMs,
        staff,
        action: 'update',
        entity: 'lot',
        entityId: String(lotId),
        before: { unitsOnHand: lotBefore.unitsOnHand, vials: lotBefore.vials },
        after: {
          unitsOnHand: getLot(db, lotId)!.unitsOnHand,
          vials: getLot(db, lotId)!.vials,
          because: `${before ? 'Amended' : 'Finalised'} treatment ${after.recordId}: ${units > 0 ? `${units} U used` : `${-units} U back`}`,
        },
      });
    }
  }

  function refreshSummary(patientId: number): void {
    refreshScheduleSummary(db, loadRulesContext(db), patientId, clinicToday(deps));
  }

  return {
    'treatments.list': ({ patientId }) => groupRecords(treatmentsOfPatient(db, patientId)),
    'treatments.get': ({ id }) => mustGet(id),

    'treatments.prefill': ({ patientId }): TreatmentInput => {
      mustHaveActivePatient(patientId);
      const today = clinicToday(deps);
      const now = timeOfDayIn(readClinicSettings(db, deps.systemTimeZone).timeZone, clock.nowMs());
      const last = lastClinicTreatment(db, patientId);
      const base: TreatmentInput = {
        patientId,
        performedOn: today,
        performedAt: now,
        injectorId: null,
        prescriber: '',
        product: null,
        lotId: null,
        expiredLotReason: '',
        preparation: { readyToUse: false, diluent: '0.9% sodium chloride', diluentMl: null, unitsPerVial: null },
        kind: 'full',
        areas: [],
        points: [],
        notes: '',
        reviewOutcome: '',
      };
      if (!last) return base;
      const activeInjector = last.injectorId !== null && getTeamMember(db, last.injectorId)?.active ? last.injectorId : null;
      // The same lot when it is still in date and in stock, else the soonest-expiring usable lot of the product.
      const usable = usableLotsOf(listLots(db), last.product, today);
      const lot = usable.find((l) => l.id === last.lotId) ?? usable[0] ?? null;
      return {
        ...base,
        injectorId: activeInjector,
        prescriber: last.prescriber,
        product: last.product,
        lotId: lot?.id ?? null,
        preparation: { ...last.preparation, unitsPerVial: lot?.unitsPerVial ?? last.preparation.unitsPerVial },
        areas: last.areas,
        points: last.points,
      };
    },

    'treatments.saveDraft': ({ id, treatment }, { staff }) =>
      db.transaction(() => {
        const write = { ...checked(treatment), createdBy: staff.name };
        const atMs = clock.nowMs();
        let draftId: number;
        if (id === null) {
          draftId = insertTreatment(db, write, { status: 'draft', recordId: null, version: 1, amendmentReason: '', nowMs: atMs });
          recordAudit(db, {
            atMs,
            staff,
            action: 'create',
            entity: 'treatment',
            entityId: String(draftId),
            before: undefined,
            after: mustGet(draftId),
          });
        } else {
          const before = mustGet(id);
          if (before.status !== 'draft') throw new ApiError('CONFLICT', 'This record is finalised: amend it to change it.');
          if (before.patientId !== treatment.patientId) throw new ApiError('CONFLICT', 'This draft belongs to another patient.');
          updateDraft(db, id, write, atMs);
          draftId = id;
          recordAudit(db, {
            atMs,
            staff,
            action: 'update',
            entity: 'treatment',
            entityId: String(id),
            before,
            after: mustGet(id),
          });
        }
        const saved = mustGet(draftId);
        return { treatment: saved, missing: missing(saved, saved.lotExpiry) };
      })(),

    'treatments.finalise': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = mustGet(id);
        if (before.status !== 'draft') throw new ApiError('CONFLICT', 'This record is already finalised.');
        checked(before);
        const lacking = missing(before, before.lotExpiry);
        if (lacking.length > 0)
          throw new ApiError('CONFLICT', `The record cannot be finalised yet. Still missing: ${lacking.join('; ')}.`);
        const atMs = clock.nowMs();
        markFinal(db, id, atMs);
        const after = mustGet(id);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'treatment', entityId: String(id), before, after });
        moveStock(null, after, staff, atMs);
        refreshSummary(after.patientId);
        return after;
      })(),

    'treatments.amend': ({ id, treatment, reason }, { staff }) =>
      db.transaction(() => {
        const original = mustGet(id);
        if (original.status !== 'final' || original.supersededBy !== null) {
          throw new ApiError('CONFLICT', 'Only the finalised version in force can be amended.');
        }
        if (original.patientId !== treatment.patientId)
          throw new ApiError('CONFLICT', 'An amendment cannot move a treatment to another patient.');
        if (original.source === 'elsewhere') checkElsewhere(treatment, 'treatment.');
        const write =
          original.source === 'elsewhere'
            ? {
                // Given elsewhere: no lot or injector of ours, whatever the form sent.
                fields: { ...treatment, injectorId: null, lotId: null, expiredLotReason: '' },
                lotNumber: '',
                lotExpiry: null,
                source: 'elsewhere' as const,
                elsewhere: original.elsewhere,
                createdBy: staff.name,
              }
            : { ...checked(treatment), createdBy: staff.name };
        if (original.source === 'clinic') {
          const lacking = missing(treatment, write.lotExpiry);
          if (lacking.length > 0)
            throw new ApiError('CONFLICT', `The amended record is incomplete. Still missing: ${lacking.join('; ')}.`);
        }
        const atMs = clock.nowMs();
        const newId = insertTreatment(db, write, {
          status: 'final',
          recordId: original.recordId,
          version: original.version + 1,
          amendmentReason: reason,
          nowMs: atMs,
        });
        markSuperseded(db, original.id, newId);
        const after = mustGet(newId);
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'treatment',
          entityId: String(original.recordId),
          before: original,
          after,
        });
        moveStock(original, after, staff, atMs);
        refreshSummary(after.patientId);
        return after;
      })(),

    'treatments.discardDraft': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = mustGet(id);
        if (before.status !== 'draft') throw new ApiError('CONFLICT', 'A finalised record is never deleted; amend it instead.');
        deleteDraft(db, id);
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'delete',
          entity: 'treatment',
          entityId: String(id),
          before,
          after: undefined,
        });
        return { discarded: true as const };
      })(),

    'treatments.recordElsewhere': (input: ElsewhereInput & { notes: string; where: string }, { staff }) =>
      db.transaction(() => {
        checkElsewhere(input);
        const fields: TreatmentFields = {
          patientId: input.patientId,
          performedOn: input.performedOn,
          performedAt: '00:00',
          injectorId: null,
          prescriber: '',
          product: input.product,
          lotId: null,
          expiredLotReason: '',
          preparation: { readyToUse: false, diluent: '', diluentMl: null, unitsPerVial: null },
          kind: input.kind,
          areas: input.areas.map((a) => ({ area: a.area, units: a.units })),
          points: [],
          notes: input.notes,
          reviewOutcome: '',
        };
        const atMs = clock.nowMs();
        const id = insertTreatment(
          db,
          { fields, lotNumber: '', lotExpiry: null, source: 'elsewhere', elsewhere: input.where, createdBy: staff.name },
          { status: 'final', recordId: null, version: 1, amendmentReason: '', nowMs: atMs },
        );
        const after = mustGet(id);
        recordAudit(db, { atMs, staff, action: 'create', entity: 'treatment', entityId: String(id), before: undefined, after });
        refreshSummary(input.patientId);
        return after;
      })(),
  };
}
