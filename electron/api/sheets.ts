import type { SheetRow } from '../../shared/calendar';
import { RELEASED_STATUSES } from '../../shared/calendar';
import { consentInForceOn } from '../../shared/consents';
import { addDays } from '../../shared/days';
import { ApiError } from '../../shared/envelope';
import { listLots, lotsExpiringBy } from '../db/catalogueRepo';
import { describeStock, LOT_EXPIRY_WARNING_DAYS, stockLevel } from '../../shared/lots';
import { PATIENT_FLAG_LABELS } from '../../shared/ruleSettings';
import { appointmentsBetween, patientAppointments } from '../db/appointmentsRepo';
import { consentsOf } from '../db/consentsRepo';
import type { Db } from '../db/connection';
import { getPatient } from '../db/patientsRepo';
import { recallList, reviewsBetween } from '../db/scheduleRepo';
import { clinicUid, readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import { ruleTreatmentsOf } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import type { Actor } from '../../shared/staff';
import { recordAudit } from '../db/auditRepo';
import { toIcs } from '../calendar/ics';
import { loadRulesContext } from '../scheduling/context';
import { dayRangeMs, withWallClock } from './calendar';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

/** What a front desk needs to know about each appointment at a glance. */
function sheetRow(db: Db, a: ReturnType<typeof withWallClock>, brand: (code: string) => string): SheetRow {
  const patient = getPatient(db, a.patientId)!;
  const flags: string[] = [];
  if (patient.allergies) flags.push(`Allergy: ${patient.allergies}`);
  for (const f of patient.flags) flags.push(PATIENT_FLAG_LABELS[f]);
  if (consentInForceOn(consentsOf(db, a.patientId), a.date) === null) flags.push('No consent in force');
  const before = ruleTreatmentsOf(db, a.patientId).filter((t) => t.date < a.date);
  const earlierVisits = patientAppointments(db, a.patientId).filter(
    (x) => x.startsAtMs < a.startsAtMs && !RELEASED_STATUSES.includes(x.status),
  );
  if (before.length === 0 && earlierVisits.length === 0) flags.push('First visit');
  if (a.type === 'review') flags.push('Review due');
  if (a.overrideReason) flags.push(`Booked despite a warning: ${a.overrideReason}`);
  if (a.findings.some((f) => f.severity === 'warn') && !a.overrideReason) flags.push('Booking check warnings');
  const last = before.at(-1);
  return { appointment: a, flags, lastToxin: last ? `${brand(last.product)} ${last.date}` : null };
}

/**
 * Products whose lots in date hold fewer than two vials' worth between them, or none: what to
 * order. A product the clinic has never stocked is not listed.
 */
function lowStock(db: Db, today: string, brand: (code: string) => string) {
  const byProduct = new Map<string, ReturnType<typeof listLots>>();
  for (const l of listLots(db)) byProduct.set(l.product, [...(byProduct.get(l.product) ?? []), l]);
  return [...byProduct.entries()].flatMap(([product, lots]) => {
    const inDate = lots.filter((l) => l.expiry >= today);
    const unitsPerVial = inDate.at(-1)?.unitsPerVial ?? lots.at(-1)!.unitsPerVial;
    const total = { unitsOnHand: inDate.reduce((n, l) => n + Math.max(0, l.unitsOnHand), 0), unitsPerVial };
    const level = stockLevel(total);
    if (level === 'ok') return [];
    return [
      {
        product: brand(product),
        level,
        left: describeStock(total),
        lots: inDate.filter((l) => l.unitsOnHand > 0).map((l) => l.lotNumber),
      },
    ];
  });
}

type SheetHandlers = Pick<Handlers, 'sheets.days' | 'calendar.ics' | 'today.summary' | 'print.savePdf'>;

export function sheetHandlers(deps: ApiDeps): SheetHandlers {
  const { db, clock } = deps;
  const settings = () => readClinicSettings(db, deps.systemTimeZone);

  const exported = (staff: Actor, entity: string, after: unknown) =>
    recordAudit(db, {
      atMs: clock.nowMs(),
      staff,
      action: 'export',
      entity,
      entityId: '-',
      before: undefined,
      after,
      patientId: null,
    });

  return {
    'sheets.days': ({ from, days, practitionerId }) => {
      const s = settings();
      const ctx = loadRulesContext(db);
      const brand = (code: string) => ctx.products.get(code)?.brand ?? code;
      const out = Array.from({ length: days }, (_, i) => addDays(from, i)).map((date) => {
        const [fromMs, toMs] = dayRangeMs(date, date, s.timeZone);
        const rows = appointmentsBetween(db, fromMs, toMs, practitionerId)
          .filter((a) => !RELEASED_STATUSES.includes(a.status))
          .map((a) => sheetRow(db, withWallClock(a, s.timeZone), brand));
        return { date, rows };
      });
      return {
        clinicName: s.name,
        days: out,
        practitionerName: practitionerId ? (getTeamMember(db, practitionerId)?.name ?? null) : null,
      };
    },

    'calendar.ics': ({ practitionerId, from, to }, { staff }) => {
      const member = practitionerId === null ? null : getTeamMember(db, practitionerId);
      if (practitionerId !== null && !member)
        throw new ApiError('NOT_FOUND', `There is no team member number ${practitionerId}.`);
      const s = settings();
      const [fromMs, toMs] = dayRangeMs(from, to, s.timeZone);
      const list = appointmentsBetween(db, fromMs, toMs, practitionerId)
        .filter((a) => !RELEASED_STATUSES.includes(a.status))
        .map((a) => withWallClock(a, s.timeZone));
      const who = member ? member.name : 'Everyone';
      const safeName = who.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
      exported(staff, 'icalendar', { practitionerId, from, to, appointments: list.length });
      return {
        fileName: `${safeName}-${from}-to-${to}.ics`,
        ics: toIcs(list, {
          calendarName: `${who} · ${s.name || 'Clinic Records'}`,
          timeZone: s.timeZone,
          nowMs: clock.nowMs(),
          names: s.calendarNames,
          clinicUid: clinicUid(db),
          withPractitioner: member === null,
        }),
      };
    },

    'today.summary': () => {
      const s = settings();
      const today = clinicToday(deps);
      const [fromMs, toMs] = dayRangeMs(today, today, s.timeZone);
      const appointments = appointmentsBetween(db, fromMs, toMs).map((a) => withWallClock(a, s.timeZone));
      const recall = recallList(db, {
        from: addDays(today, -90),
        to: addDays(today, 28),
        today,
        nowMs: clock.nowMs(),
        practitionerId: null,
        area: null,
        overdueOnly: false,
        status: 'open',
        limit: 0,
        timeZone: s.timeZone,
      });
      const products = loadRulesContext(db).products;
      return {
        today,
        appointments,
        reviewsDue: reviewsBetween(db, addDays(today, -3), addDays(today, 7), clock.nowMs()),
        recallCount: recall.total,
        lotsExpiring: lotsExpiringBy(db, today, addDays(today, LOT_EXPIRY_WARNING_DAYS)).map((l) => ({
          id: l.id,
          product: products.get(l.product)?.brand ?? l.product,
          lotNumber: l.lotNumber,
          expiry: l.expiry,
          vials: l.vials,
        })),
        lowStock: lowStock(db, today, (code) => products.get(code)?.brand ?? code),
      };
    },

    'print.savePdf': async ({ fileName }, { staff }) => {
      if (!deps.savePdf) throw new ApiError('CONFLICT', 'Saving as PDF is not available here; use Print instead.');
      const savedTo = await deps.savePdf(fileName);
      // The page left the app as a file: the audit trail says who saved what.
      if (savedTo) exported(staff, 'pdf', { fileName });
      return { savedTo };
    },
  };
}
