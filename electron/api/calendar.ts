import { RELEASED_STATUSES } from '../../shared/calendar';
import { addDays, dayRangeMs } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import {
  appointmentsBetween,
  insertDayOff,
  insertRoom,
  listDaysOff,
  listRooms,
  listWorkingHours,
  removeDayOff,
  setRoomActive,
  setTypeMinutes,
  typeMinutes,
  writeWorkingHours,
} from '../db/appointmentsRepo';
import { clinicUid } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import type { CallContext, Handlers } from '../dispatch';
import { toIcs } from '../calendar/ics';
import { withWallClock } from './appointments';
import { clinicToday } from './clinicDay';
import { audit, auditExport, clinicSettings } from './common';
import type { ApiDeps } from './deps';

type CalendarHandlers = Pick<
  Handlers,
  | 'calendar.setup'
  | 'calendar.setTypeMinutes'
  | 'calendar.addRoom'
  | 'calendar.setRoomActive'
  | 'calendar.setWorkingHours'
  | 'calendar.addDayOff'
  | 'calendar.removeDayOff'
  | 'calendar.ics'
>;

/** The calendar's set-up (appointment lengths, rooms, working hours, days off) and its iCalendar export. */
export function calendarHandlers(deps: ApiDeps): CalendarHandlers {
  const { db, clock } = deps;
  const setup = () => ({
    typeMinutes: typeMinutes(db),
    rooms: listRooms(db),
    hours: listWorkingHours(db),
    daysOff: listDaysOff(db, addDays(clinicToday(deps), -30)),
  });
  /** Every set-up change is audited, and the caller gets the whole set-up back. */
  const audited = (
    ctx: CallContext,
    entity: string,
    entityId: string,
    action: 'create' | 'update' | 'delete',
    before: unknown,
  ) => {
    const after = setup();
    audit(deps, ctx, action, entity, entityId, before, after);
    return after;
  };

  return {
    'calendar.setup': () => setup(),
    'calendar.setTypeMinutes': ({ type, minutes }, ctx) =>
      db.transaction(() => {
        const before = typeMinutes(db);
        setTypeMinutes(db, type, minutes);
        return audited(ctx, 'appointment_types', type, 'update', before[type]);
      })(),
    'calendar.addRoom': ({ name }, ctx) =>
      db.transaction(() => {
        if (listRooms(db).some((r) => r.name.toLowerCase() === name.toLowerCase())) {
          throw new ApiError('INVALID_INPUT', `There is already a room called ${name}.`, { name: 'This name is already used' });
        }
        const id = insertRoom(db, name);
        return audited(ctx, 'room', String(id), 'create', undefined);
      })(),
    'calendar.setRoomActive': ({ id, active }, ctx) =>
      db.transaction(() => {
        setRoomActive(db, id, active);
        return audited(ctx, 'room', String(id), 'update', { active: !active });
      })(),
    'calendar.setWorkingHours': ({ staffId, days }, ctx) =>
      db.transaction(() => {
        if (!getTeamMember(db, staffId)) throw new ApiError('NOT_FOUND', `There is no team member number ${staffId}.`);
        const before = listWorkingHours(db).filter((h) => h.staffId === staffId);
        writeWorkingHours(db, staffId, days);
        return audited(ctx, 'working_hours', String(staffId), 'update', before);
      })(),
    'calendar.addDayOff': (d, ctx) =>
      db.transaction(() => {
        const id = insertDayOff(db, d);
        return audited(ctx, 'day_off', String(id), 'create', undefined);
      })(),
    'calendar.removeDayOff': ({ id }, ctx) =>
      db.transaction(() => {
        removeDayOff(db, id, clock.nowMs());
        return audited(ctx, 'day_off', String(id), 'delete', { id });
      })(),

    'calendar.ics': ({ practitionerId, from, to }, ctx) => {
      // One practitioner's calendar, or everyone's (each event then names its practitioner).
      const member = practitionerId === null ? null : getTeamMember(db, practitionerId);
      if (practitionerId !== null && !member)
        throw new ApiError('NOT_FOUND', `There is no team member number ${practitionerId}.`);
      const s = clinicSettings(deps);
      const [fromMs, toMs] = dayRangeMs(from, to, s.timeZone);
      const list = appointmentsBetween(db, fromMs, toMs, practitionerId)
        .filter((a) => !RELEASED_STATUSES.includes(a.status))
        .map((a) => withWallClock(a, s.timeZone));
      const who = member ? member.name : 'Everyone';
      const safeName = who.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
      auditExport(deps, ctx, 'icalendar', { practitionerId, from, to, appointments: list.length });
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
  };
}
