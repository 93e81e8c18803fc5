import { z } from 'zod';
import { addDays, isValidDay } from './time';

export interface Lot {
  id: number;
  product: string;
  lotNumber: string;
  expiry: string;
  receivedOn: string;
  supplier: string;
  /** Vials in stock, the opened one included. */
  vials: number;
  unitsPerVial: number;
  /** Units left in the lot: charting takes them off. Below zero means the recorded stock was wrong: count it. */
  unitsOnHand: number;
}

/** A lot is low when fewer than this many vials' worth of units are left. */
export const LOW_STOCK_VIALS = 2;

export type StockLevel = 'ok' | 'low' | 'empty';

export function stockLevel(l: Pick<Lot, 'unitsOnHand' | 'unitsPerVial'>): StockLevel {
  if (l.unitsOnHand <= 0) return 'empty';
  return l.unitsOnHand < LOW_STOCK_VIALS * l.unitsPerVial ? 'low' : 'ok';
}

/** "3 vials and 40 U of an opened one", "2 vials", "40 U of an opened vial", "none left". */
export function describeStock(l: Pick<Lot, 'unitsOnHand' | 'unitsPerVial'>): string {
  if (l.unitsOnHand <= 0)
    return l.unitsOnHand < 0 ? `none left (${-round(l.unitsOnHand)} U more used than recorded)` : 'none left';
  const whole = Math.floor(l.unitsOnHand / l.unitsPerVial + 1e-9);
  const open = round(l.unitsOnHand - whole * l.unitsPerVial);
  const vials = whole === 0 ? '' : `${whole} ${whole === 1 ? 'vial' : 'vials'}`;
  if (open <= 0) return vials;
  return vials ? `${vials} and ${open} U of an opened one` : `${open} U of an opened vial`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Whole vials a number of units fills, the last opened one counted: what "vials in stock" shows. */
export function vialsFor(unitsOnHand: number, unitsPerVial: number): number {
  return unitsOnHand <= 0 ? 0 : Math.ceil(unitsOnHand / unitsPerVial - 1e-9);
}

/** Lots expiring within this many days are highlighted. */
export const LOT_EXPIRY_WARNING_DAYS = 60;

export type LotStatus = 'ok' | 'expiring' | 'expired';

/** A lot is usable up to and including its expiry date. */
export function lotStatus(expiry: string, on: string): LotStatus {
  if (expiry < on) return 'expired';
  if (expiry <= addDays(on, LOT_EXPIRY_WARNING_DAYS)) return 'expiring';
  return 'ok';
}

/**
 * The lots of a product that can be charted on a day: in date that day and with vials in
 * stock, the soonest to expire first. Charting offers these (the page and the main process's
 * prefill both ask here).
 */
export function usableLotsOf<L extends Lot>(lots: readonly L[], product: string | null, on: string): L[] {
  return lots
    .filter((l) => l.product === product && l.vials > 0 && lotStatus(l.expiry, on) !== 'expired')
    .sort((a, b) => a.expiry.localeCompare(b.expiry) || a.id - b.id);
}

const day = (what: string) => z.string().refine(isValidDay, `Enter the ${what} as a real date`);

export const lotInputSchema = z
  .object({
    product: z.string().min(1, 'Choose the product'),
    lotNumber: z
      .string()
      .trim()
      .min(1, 'Enter the lot number')
      .max(40, 'Keep the lot number under 40 characters')
      .regex(/^[A-Za-z0-9./ -]+$/, 'Use letters, digits, spaces, dots, dashes and slashes'),
    expiry: day('expiry date'),
    receivedOn: day('date received'),
    supplier: z.string().trim().max(120, 'Keep the supplier under 120 characters'),
    vials: z.number({ error: 'Enter a number of vials' }).int('Use whole vials').min(0, 'Cannot be negative').max(100000),
    unitsPerVial: z.number({ error: 'Enter the units per vial' }).int('Use whole units').min(1, 'At least 1 unit').max(10000),
  })
  .strict()
  .refine((l) => l.expiry >= l.receivedOn, { message: 'The lot expires before it was received', path: ['expiry'] });
export type LotInput = z.input<typeof lotInputSchema>;
