import type { TodaySummary } from '../../shared/contract';
import { describeStock, LOT_EXPIRY_WARNING_DAYS, stockLevel } from '../../shared/lots';
import { addDays, dayRangeMs } from '../../shared/time';
import { appointmentsBetween } from '../db/appointmentsRepo';
import { listLots, lotsExpiringBy } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { recallList, reviewsBetween } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { withWallClock } from './appointments';
import { clinicToday } from './clinicDay';
import { catchUpSummaries } from '../scheduling/summaryUpkeep';
import type { ApiDeps } from './deps';

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

/** Reception's home: today's appointments, reviews due, how many to recall, lots expiring, stock running low. */
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
  };
}
