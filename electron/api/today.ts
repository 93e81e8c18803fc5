import type { TodaySummary } from '../../shared/contract';
import { LOT_EXPIRY_WARNING_DAYS } from '../../shared/lots';
import { addDays, dayRangeMs } from '../../shared/time';
import { appointmentsBetween } from '../db/appointmentsRepo';
import { lotsExpiringBy } from '../db/catalogueRepo';
import { recallList, reviewsBetween } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { withWallClock } from './appointments';
import { clinicToday } from './clinicDay';
import { catchUpSummaries } from '../scheduling/summaryUpkeep';
import type { ApiDeps } from './deps';

/** Reception's home: today's appointments, reviews due, how many to recall, lots expiring. */
export function todayHandlers(deps: ApiDeps): Pick<Handlers, 'today.summary'> {
  const { db, clock } = deps;
  const settings = () => readClinicSettings(db, deps.systemTimeZone);
  return {
    'today.summary': (): TodaySummary => {
      const s = settings();
      const today = clinicToday(deps);
      catchUpSummaries(db, today);
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
      };
    },
  };
}
