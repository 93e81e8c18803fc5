import { z } from 'zod';
import { isValidDay } from './time';

export const TREATMENT_KINDS = ['full', 'touch_up'] as const;
export type TreatmentKind = (typeof TREATMENT_KINDS)[number];
export const TREATMENT_KIND_LABELS: Record<TreatmentKind, string> = { full: 'Full treatment', touch_up: 'Touch-up' };

const day = (what: string) => z.string().refine(isValidDay, `Enter the ${what} as a real date`);
const text = (max: number, what: string) => z.string().trim().max(max, `Keep the ${what} under ${max} characters`);
const units = z
  .number({ error: 'Enter the units' })
  .refine(Number.isFinite, 'Enter the units')
  .gt(0, 'Units must be more than 0')
  .max(1000, 'At most 1000 units in one area');

export const areaUnitsSchema = z.object({ area: z.string().min(1, 'Choose the area'), units }).strict();
export type AreaUnitsInput = z.input<typeof areaUnitsSchema>;

/** An injection point on the face diagram: position as a share of its width and height, and the area it belongs to. */
export const injectionPointSchema = z
  .object({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    units: z.number().gt(0, 'Units must be more than 0').max(200).nullable(),
    /** The treated area the point is part of; points charted before areas were recorded have none. */
    area: z.string().min(1).nullable().default(null),
  })
  .strict();
export type InjectionPoint = z.output<typeof injectionPointSchema>;

export const preparationSchema = z
  .object({
    readyToUse: z.boolean(),
    diluent: text(80, 'diluent'),
    diluentMl: z.number().gt(0, 'The volume must be more than 0 mL').max(20, 'At most 20 mL').nullable(),
    unitsPerVial: z.number().int().min(1).max(10000).nullable(),
  })
  .strict();
export type Preparation = z.output<typeof preparationSchema>;

/**
 * What the charting screen sends. A draft may be incomplete; finalising runs the
 * completeness gate on top of this.
 */
export const treatmentInputSchema = z
  .object({
    patientId: z.number().int().positive(),
    performedOn: day('treatment date'),
    performedAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as HH:MM, e.g. 14:30'),
    injectorId: z.number().int().positive().nullable(),
    prescriber: text(120, 'prescriber'),
    product: z.string().min(1).nullable(),
    lotId: z.number().int().positive().nullable(),
    expiredLotReason: text(500, 'reason'),
    preparation: preparationSchema,
    kind: z.enum(TREATMENT_KINDS),
    areas: z
      .array(areaUnitsSchema)
      .max(20, 'At most 20 areas')
      .refine((list) => new Set(list.map((a) => a.area)).size === list.length, 'Each area can be listed once'),
    points: z.array(injectionPointSchema).max(200, 'At most 200 points'),
    notes: text(5000, 'notes'),
    reviewOutcome: text(2000, 'review outcome'),
  })
  .strict();
export type TreatmentInput = z.input<typeof treatmentInputSchema>;
export type TreatmentFields = z.output<typeof treatmentInputSchema>;

/** A toxin treatment the patient had at another clinic: it counts for the rules, without lot or injector. */
export const elsewhereInputSchema = z
  .object({
    patientId: z.number().int().positive(),
    performedOn: day('treatment date'),
    product: z.string().min(1, 'Choose the product'),
    kind: z.enum(TREATMENT_KINDS),
    areas: z.array(areaUnitsSchema).min(1, 'Add at least one area with its units').max(20),
    where: text(200, 'clinic name').min(1, 'Say where it was given'),
    notes: text(2000, 'notes'),
  })
  .strict();
export type ElsewhereInput = z.input<typeof elsewhereInputSchema>;

export interface Treatment extends TreatmentFields {
  id: number;
  /** Shared by every version of this treatment. */
  recordId: number;
  version: number;
  status: 'draft' | 'final';
  /** The newer version that replaced this one; null for the version in force. */
  supersededBy: number | null;
  source: 'clinic' | 'elsewhere';
  elsewhere: string;
  lotNumber: string;
  lotExpiry: string | null;
  amendmentReason: string;
  injectorName: string | null;
  createdBy: string;
  createdAtMs: number;
  finalisedAtMs: number | null;
}

/** A treatment as the timeline shows it: the version in force, with the versions it replaced. */
export interface TreatmentRecord {
  current: Treatment;
  earlier: Treatment[];
}

/** What the completeness gate reads besides the treatment itself. */
export interface GateFacts {
  consentInForce: boolean;
  lotExpiry: string | null;
}

/**
 * Everything a treatment record still lacks before it can be finalised, in words a
 * practitioner reads on the screen. An empty list means it can be finalised.
 */
export function missingForFinal(
  t: Pick<TreatmentFields, 'product' | 'lotId' | 'performedOn' | 'expiredLotReason' | 'areas' | 'injectorId'>,
  facts: GateFacts,
): string[] {
  const missing: string[] = [];
  if (!t.product) missing.push('Product');
  if (t.lotId === null) missing.push('Lot number');
  else if (facts.lotExpiry === null) missing.push('Lot expiry date');
  else if (facts.lotExpiry < t.performedOn && t.expiredLotReason.trim() === '')
    missing.push(`A written reason for using a lot that expired on ${facts.lotExpiry}`);
  if (t.areas.length === 0) missing.push('At least one treated area with its units');
  if (t.injectorId === null) missing.push('Injector');
  if (!facts.consentInForce) missing.push(`A signed consent in force on ${t.performedOn}`);
  return missing;
}

/**
 * Where the units written at the injection points do not add up to the units of their area, in
 * words: "Frown lines (glabella): the points add up to 16 U, the area has 20 U". Points without an
 * area count for the only area when there is one, else against the total. Only points with units
 * are counted; a treatment without such points has nothing to check.
 */
export function pointUnitMismatches(
  t: { areas: readonly { area: string; units: number }[]; points: readonly { units: number | null; area?: string | null }[] },
  areaName: (code: string) => string,
): string[] {
  const withUnits = t.points.filter((p) => p.units !== null && p.units > 0);
  if (withUnits.length === 0) return [];
  const round = (n: number) => Math.round(n * 100) / 100;
  const sum = (list: readonly { units: number | null }[]) => round(list.reduce((n, p) => n + (p.units ?? 0), 0));
  const only = t.areas.length === 1 ? t.areas[0]!.area : null;
  const areaOf = (p: { area?: string | null }) => p.area ?? only;
  const problems: string[] = [];
  const unplaced = withUnits.filter((p) => areaOf(p) === null);
  const stray = [...new Set(withUnits.map(areaOf).filter((a): a is string => a !== null && !t.areas.some((x) => x.area === a)))];
  for (const a of stray) problems.push(`Points are marked for ${areaName(a)}, which is not among the treated areas`);
  for (const a of t.areas) {
    const pts = withUnits.filter((p) => areaOf(p) === a.area);
    if (pts.length > 0 && sum(pts) !== round(a.units))
      problems.push(`${areaName(a.area)}: the points add up to ${sum(pts)} U, the area has ${round(a.units)} U`);
  }
  if (unplaced.length > 0) {
    const total = round(t.areas.reduce((n, a) => n + a.units, 0));
    const placed = sum(withUnits.filter((p) => areaOf(p) !== null));
    if (round(sum(unplaced) + placed) !== total)
      problems.push(`The points add up to ${round(sum(unplaced) + placed)} U, the areas to ${total} U`);
  }
  return problems;
}

/** Units per 0.1 mL after reconstitution, e.g. 100 U in 2.5 mL gives 4. */
export function unitsPerTenthMl(p: Preparation): number | null {
  if (p.readyToUse || p.diluentMl === null || p.unitsPerVial === null) return null;
  return Math.round((p.unitsPerVial / p.diluentMl / 10) * 100) / 100;
}

export function describePreparation(p: Preparation): string {
  if (p.readyToUse) return 'Ready to use (no reconstitution)';
  const per = unitsPerTenthMl(p);
  if (per === null) return p.diluent || 'Not recorded';
  return `${p.unitsPerVial} U in ${p.diluentMl} mL ${p.diluent || 'diluent'}: ${per} U per 0.1 mL`;
}
