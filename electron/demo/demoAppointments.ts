import type { AppointmentStatus, AppointmentType } from '../../shared/calendar';
import { addDays, weekdayIndex, zonedToEpochMs } from '../../shared/time';
import { insertAppointment, insertRoom } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import { demoDiaryFacts } from '../db/demoRepo';

const ZONE = 'Europe/London';

interface Random {
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

/**
 * The demo clinic's diary: four rooms, the last two weeks' charted treatments as
 * completed appointments, and three weeks ahead filled with treatments for patients
 * who are due, reviews, consultations and check-ins, without a single clash.
 */
export function generateDemoDiary(db: Db, rnd: Random, injectors: readonly number[], today: string, nowMs: number): number {
  const rooms = ['Treatment room 1', 'Treatment room 2', 'Treatment room 3', 'Consulting room'].map((name) =>
    insertRoom(db, name),
  );
  const roomOf = (practitionerId: number) => rooms[injectors.indexOf(practitionerId) % rooms.length]!;
  const taken = new Map<string, [number, number][]>();
  let count = 0;

  function book(
    patientId: number,
    practitionerId: number,
    day: string,
    start: string,
    minutes: number,
    type: AppointmentType,
    status: AppointmentStatus,
    planned: { product: string; areas: { area: string; units: number }[] } | null,
  ) {
    const startsAtMs = zonedToEpochMs(day, start, ZONE);
    if (startsAtMs === null) return false;
    const endsAtMs = startsAtMs + minutes * 60_000;
    const key = `${practitionerId}|${day}`;
    const busy = taken.get(key) ?? [];
    if (busy.some(([s, e]) => s < endsAtMs && e > startsAtMs)) return false;
    busy.push([startsAtMs, endsAtMs]);
    taken.set(key, busy);
    insertAppointment(
      db,
      { patientId, practitionerId, roomId: roomOf(practitionerId), type, startsAtMs, endsAtMs, status, planned },
      nowMs,
    );
    count += 1;
    return true;
  }

  const facts = demoDiaryFacts(db, addDays(today, -14), addDays(today, 21));
  // What was charted in the last two weeks happened at an appointment.
  for (const t of facts.charted) {
    if (t.injectorId !== null && t.performedOn < today) {
      book(
        t.patientId,
        t.injectorId,
        t.performedOn,
        t.performedAt,
        t.kind === 'touch_up' ? 15 : 30,
        t.kind === 'touch_up' ? 'touch_up' : 'treatment',
        rnd.chance(0.97) ? 'completed' : 'no_show',
        null,
      );
    }
  }
  const due = [...facts.due];
  const reviews = new Map(facts.reviews.map((r) => [r.reviewOn, r]));
  for (let offset = 0; offset <= 21; offset++) {
    const day = addDays(today, offset);
    const weekday = weekdayIndex(day);
    if (weekday === 0) continue;
    const closes = weekday === 6 ? 13 * 60 : 18 * 60;
    for (const practitionerId of injectors) {
      let minute = 9 * 60 + rnd.pick([0, 15, 30]);
      while (minute < closes - 30) {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        // Today reads like a real day at the demo's "now": what finished is completed (now and then a
        // no-show), whoever is being seen now has arrived, and the rest of the day is still to come.
        const startsAt = zonedToEpochMs(day, time, ZONE)!;
        const status: AppointmentStatus =
          startsAt + 30 * 60_000 <= nowMs
            ? rnd.chance(0.95)
              ? 'completed'
              : 'no_show'
            : startsAt <= nowMs
              ? 'arrived'
              : offset <= 2 && rnd.chance(0.6)
                ? 'confirmed'
                : 'booked';
        const review = reviews.get(day);
        if (review && review.injectorId === practitionerId) {
          reviews.delete(day);
          book(review.patientId, practitionerId, day, time, 15, 'review', status, null);
          minute += 15;
        } else if (rnd.chance(0.55) && due.length > 0) {
          const d = due.findIndex((x) => x.injectorId === practitionerId && x.recallOn <= addDays(day, 10));
          if (d >= 0) {
            const p = due.splice(d, 1)[0]!;
            book(p.patientId, practitionerId, day, time, 30, 'treatment', status, p.planned);
          }
          minute += 30;
        } else if (rnd.chance(0.25)) {
          book(
            facts.anyPatients[rnd.int(0, facts.anyPatients.length - 1)]!,
            practitionerId,
            day,
            time,
            30,
            rnd.pick(['consultation', 'consultation', 'check_in'] as const),
            status,
            null,
          );
          minute += 30;
        } else {
          minute += rnd.pick([15, 30, 45]);
        }
      }
    }
  }
  return count;
}
