import type { SheetRow } from '../../shared/calendar';
import { RELEASED_STATUSES } from '../../shared/calendar';
import { consentInForceOn } from '../../shared/consents';
import { addDays, dayRangeMs } from '../../shared/time';
import { PATIENT_FLAG_LABELS } from '../../shared/ruleSettings';
import { appointmentsBetween, patientAppointments } from '../db/appointmentsRepo';
import { consentsOf } from '../db/consentsRepo';
import type { Db } from '../db/connection';
import { getPatient } from '../db/patientsRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import { ruleTreatmentsOf } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { withWallClock } from './appointments';
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
  return { appointment: a, flags, lastToxin: last ? { product: brand(last.product), on: last.date } : null };
}

/** The printed day and week sheets. */
export function sheetHandlers(deps: ApiDeps): Pick<Handlers, 'sheets.days'> {
  const { db } = deps;
  const settings = () => readClinicSettings(db, deps.systemTimeZone);

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
  };
}
