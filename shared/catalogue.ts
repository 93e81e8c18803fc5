import { z } from 'zod';

/**
 * The toxin products and treatment areas of RULES.md §2. Units are product-specific
 * and are never converted between products. Clinics can add their own entries.
 */

export type AlbuminStatus = true | false | 'unknown';

export interface Product {
  code: string;
  brand: string;
  toxin: string;
  /** Expected duration when nothing is known about the patient. */
  priorDays: number;
  /** The label's floor between two treatments of one area. */
  labelMinIntervalDays: number;
  albumin: AlbuminStatus;
  milkProtein: boolean;
  /** The label warns from this age on; null when it does not. */
  warnFromAge: number | null;
  /** Products whose units add up under one cap (RULES.md: ona, 400 units in 90 days). */
  cumulativeGroup: string | null;
  /** Supplied as a liquid: no reconstitution. */
  readyToUse: boolean;
}

export interface Area {
  code: string;
  name: string;
  /** Overrides a shorter product prior for areas that last longer (masseter, underarms). */
  priorDays: number | null;
}

function p(
  code: string,
  brand: string,
  toxin: string,
  priorDays: number,
  labelMinIntervalDays: number,
  albumin: AlbuminStatus,
  milkProtein: boolean,
  warnFromAge: number | null,
  cumulativeGroup: string | null,
  readyToUse = false,
): Product {
  return { code, brand, toxin, priorDays, labelMinIntervalDays, albumin, milkProtein, warnFromAge, cumulativeGroup, readyToUse };
}

export const BUILT_IN_PRODUCTS: readonly Product[] = [
  p('botox', 'Botox Cosmetic', 'onabotulinumtoxinA', 105, 90, true, false, null, 'ona'),
  p('vistabel', 'Vistabel', 'onabotulinumtoxinA', 105, 90, true, false, null, 'ona'),
  p('dysport', 'Dysport', 'abobotulinumtoxinA', 105, 84, true, true, null, null),
  p('azzalure', 'Azzalure', 'abobotulinumtoxinA', 105, 84, true, true, 65, null),
  p('xeomin', 'Xeomin', 'incobotulinumtoxinA', 105, 84, true, false, null, null),
  p('bocouture', 'Bocouture', 'incobotulinumtoxinA', 105, 84, true, false, 65, null),
  p('jeuveau', 'Jeuveau', 'prabotulinumtoxinA', 105, 84, true, false, null, null),
  p('nabota', 'Nabota', 'prabotulinumtoxinA', 105, 84, true, false, null, null),
  p('letybo', 'Letybo', 'letibotulinumtoxinA', 105, 84, 'unknown', false, 75, null),
  p('botulax', 'Botulax', 'letibotulinumtoxinA', 105, 84, 'unknown', false, null, null),
  p('daxxify', 'Daxxify', 'daxibotulinumtoxinA', 168, 84, false, false, null, null),
  p('relfydess', 'Relfydess', 'relabotulinumtoxinA', 150, 84, 'unknown', false, 65, null, true),
  p('innotox', 'Innotox', 'botulinum toxin type A (liquid)', 105, 84, false, false, null, null, true),
  p('hutox', 'Hutox / Liztox', 'botulinum toxin type A', 105, 84, 'unknown', false, null, null),
];

export const BUILT_IN_AREAS: readonly Area[] = [
  { code: 'glabella', name: 'Frown lines (glabella)', priorDays: null },
  { code: 'forehead', name: 'Forehead lines', priorDays: null },
  { code: 'crows_feet', name: 'Crow’s feet', priorDays: null },
  { code: 'bunny_lines', name: 'Bunny lines', priorDays: null },
  { code: 'gummy_smile', name: 'Gummy smile', priorDays: null },
  { code: 'dao', name: 'Mouth corners (DAO)', priorDays: null },
  { code: 'mentalis', name: 'Chin (mentalis)', priorDays: null },
  { code: 'lip_lines', name: 'Lip lines', priorDays: null },
  { code: 'platysma', name: 'Neck bands (platysma)', priorDays: null },
  { code: 'masseter', name: 'Jaw (masseter)', priorDays: 180 },
  { code: 'axillae', name: 'Underarm sweating', priorDays: 180 },
];

/** Units allowed per cumulative group within the cumulative window. */
export const CUMULATIVE_GROUP_CAPS: Readonly<Record<string, number>> = { ona: 400 };

/** Built-in entries with the clinic's own added or replacing them by code. */
export function mergeByCode<T extends { code: string }>(builtIn: readonly T[], own: readonly T[]): T[] {
  const byCode = new Map(builtIn.map((x) => [x.code, x]));
  for (const x of own) byCode.set(x.code, x);
  return [...byCode.values()];
}

/** Units in one vial of each built-in product, the usual presentation; a lot can say otherwise. */
export const DEFAULT_VIAL_UNITS: Readonly<Record<string, number>> = {
  botox: 100,
  vistabel: 50,
  dysport: 300,
  azzalure: 125,
  xeomin: 100,
  bocouture: 50,
  jeuveau: 100,
  nabota: 100,
  letybo: 50,
  botulax: 100,
  daxxify: 100,
  relfydess: 60,
  innotox: 50,
  hutox: 100,
};

export interface CatalogueProduct extends Product {
  /** False for the clinic's own additions. */
  builtIn: boolean;
}
export interface CatalogueArea extends Area {
  builtIn: boolean;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
const code = z
  .string()
  .trim()
  .regex(CODE_PATTERN, 'Use 2–40 lower-case letters, digits or _ and start with a letter (e.g. "acme")');

export const productInputSchema = z
  .object({
    code,
    brand: z.string().trim().min(1, 'Enter the brand name').max(80, 'Keep the name under 80 characters'),
    toxin: z.string().trim().min(1, 'Enter the toxin').max(120, 'Keep it under 120 characters'),
    priorDays: z
      .number({ error: 'Enter a number of days' })
      .int('Use whole days')
      .min(1, 'At least 1 day')
      .max(730, 'At most 730 days'),
    labelMinIntervalDays: z.number({ error: 'Enter a number of days' }).int('Use whole days').min(0).max(730, 'At most 730 days'),
    albumin: z.union([z.boolean(), z.literal('unknown')]),
    milkProtein: z.boolean(),
    warnFromAge: z.number().int().min(1).max(120).nullable(),
    cumulativeGroup: z.string().trim().min(1).max(40).nullable(),
    readyToUse: z.boolean(),
  })
  .strict();
export type ProductInput = z.input<typeof productInputSchema>;

export const areaInputSchema = z
  .object({
    code,
    name: z.string().trim().min(1, 'Enter the name').max(80, 'Keep the name under 80 characters'),
    priorDays: z.number().int('Use whole days').min(1, 'At least 1 day').max(730, 'At most 730 days').nullable(),
  })
  .strict();
export type AreaInput = z.input<typeof areaInputSchema>;
