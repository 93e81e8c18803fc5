import { bookableHours, RELEASED_STATUSES } from '../../shared/calendar';
import type { FreeSlot } from '../../shared/calendar';
import type { ClinicSettings } from '../../shared/settings';
import { addDays, dayRangeMs, minutesOf, timeFromMinutes, zonedToEpochMs } from '../../shared/time';
import { appointmentsBetween, daysOffOn, listWorkingHours } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import { getTeamMember } from '../db/staffRepo';
import { assessSlot } from './booking';

/** Start times are offered on the quarter hour. */
const STEP_MINUTES = 15;
/** How far ahead to look before giving up. */
const HORIZON_DAYS = 90;

export interface FreeSlotRequest {
  patientId: number;
  practitionerId: number;
  /** The first day to look at; today is looked at from now on. */
  from: string;
  minutes: number;
  count: number;
}

/**
 * The next free times with one practitioner on or after a day: inside the clinic's opening hours
 * and the practitioner's own, not on a closure or day off, not overlapping each other or anything
 * booked, and never in the past. Each one is confirmed by the same check a booking passes
 * (assessSlot), so what is offered can be booked.
 */
export function nextFreeSlots(db: Db, settings: ClinicSettings, today: string, nowMs: number, r: FreeSlotRequest): FreeSlot[] {
  const practitioner = getTeamMember(db, r.practitionerId);
  if (!practitioner || !practitioner.active) return [];
  const tz = settings.timeZone;
  const workingHours = listWorkingHours(db);
  const found: FreeSlot[] = [];
  const start = r.from < today ? today : r.from;
  for (let i = 0; i < HORIZON_DAYS && found.length < r.count; i++) {
    const day = addDays(start, i);
    // The same hours the calendar shades and the booking check allows (shared/calendar.ts).
    const hours = bookableHours(day, r.practitionerId, {
      openingHours: settings.openingHours,
      workingHours,
      daysOff: daysOffOn(db, day),
    });
    if (!hours) continue;
    const opens = minutesOf(hours.opens);
    const closes = minutesOf(hours.closes);
    const [dayStart, dayEnd] = dayRangeMs(day, day, tz);
    const busy = appointmentsBetween(db, dayStart, dayEnd, r.practitionerId)
      .filter((a) => !RELEASED_STATUSES.includes(a.status))
      .map((a) => [a.startsAtMs, a.endsAtMs] as const);
    let m = Math.ceil(opens / STEP_MINUTES) * STEP_MINUTES;
    while (m + r.minutes <= closes && found.length < r.count) {
      const slot = { date: day, start: timeFromMinutes(m), end: timeFromMinutes(m + r.minutes) };
      const s = zonedToEpochMs(day, slot.start, tz);
      const e = zonedToEpochMs(day, slot.end, tz);
      const free = s !== null && e !== null && s >= nowMs && !busy.some(([bs, be]) => bs < e && be > s);
      if (free) {
        const check = assessSlot(
          db,
          settings,
          today,
          nowMs,
          {
            ...slot,
            patientId: r.patientId,
            practitionerId: r.practitionerId,
            type: 'consultation',
            planned: null,
            roomId: null,
            allowPast: false,
          },
          null,
        );
        if (check.problems.length === 0) {
          found.push(slot);
          // The next offer starts after this one, so the choices are real alternatives.
          m = Math.ceil((m + r.minutes) / STEP_MINUTES) * STEP_MINUTES;
          continue;
        }
      }
      m += STEP_MINUTES;
    }
  }
  return found;
}

/**
 * The first day a treatment can still be given: today while the clinic is open and has not yet
 * closed, else the next day it opens (closures left out). Plans never recommend a day before it.
 */
export function firstBookableDay(db: Db, settings: ClinicSettings, today: string, nowMs: number): string {
  for (let i = 0; i < 60; i++) {
    const day = addDays(today, i);
    const hours = bookableHours(day, null, {
      openingHours: settings.openingHours,
      workingHours: [],
      daysOff: daysOffOn(db, day),
    });
    if (!hours) continue;
    if (i === 0) {
      const closes = zonedToEpochMs(day, hours.closes, settings.timeZone);
      if (closes !== null && nowMs >= closes) continue;
    }
    return day;
  }
  return today;
}
