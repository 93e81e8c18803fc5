import { z } from 'zod';
import {
  BUILT_IN_AREAS,
  BUILT_IN_PRODUCTS,
  CUMULATIVE_GROUP_CAPS,
  mergeByCode,
  type Area,
  type Product,
} from '../../shared/catalogue';
import { isValidDay } from '../../shared/time';
import { ACTIVITY_LEVELS, DEFAULT_RULE_SETTINGS, PATIENT_FLAGS, ruleSettingsSchema } from '../../shared/ruleSettings';
import type { BookingProposal, ObservationFacts, PatientFacts, RulesContext, TreatmentFacts } from './types';

/** The command line's input document (RULES.md §6), parsed. */
export interface RulesRequest {
  asOf: string;
  patient: PatientFacts;
  treatments: TreatmentFacts[];
  observations: ObservationFacts[];
  booking?: BookingProposal;
  event?: { date: string };
  ctx: RulesContext;
}

const day = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .refine(isValidDay, { message: 'is not a real date (YYYY-MM-DD)' });
const code = z.string({ error: 'must be a code' }).min(1, 'must not be empty');
const units = z
  .number({ error: 'must be a number of units' })
  .refine(Number.isFinite, { message: 'must be a finite number' })
  .refine((n) => n > 0, { message: 'must be more than 0' });
const areaUnits = z.object({ area: code, units });
const kind = z.enum(['full', 'touch_up'], { error: 'must be "full" or "touch_up"' });

const productSchema = z.object({
  code,
  brand: z.string().min(1),
  toxin: z.string().default('botulinum toxin type A'),
  priorDays: z.number().int().positive(),
  labelMinIntervalDays: z.number().int().nonnegative(),
  albumin: z.union([z.boolean(), z.literal('unknown')], { error: 'must be true, false or "unknown"' }),
  milkProtein: z.boolean(),
  warnFromAge: z.number().int().positive().nullable(),
  cumulativeGroup: z.string().min(1).nullable(),
  readyToUse: z.boolean().default(false),
});
const areaSchema = z.object({ code, name: z.string().min(1), priorDays: z.number().int().positive().nullable() });

const settingsOverride = ruleSettingsSchema.partial().extend({
  activityFactors: ruleSettingsSchema.shape.activityFactors.partial().optional(),
});

const requestSchema = z.object({
  asOf: day,
  patient: z.object(
    {
      dob: day.nullable().optional(),
      activityLevel: z.enum(ACTIVITY_LEVELS, { error: 'must be "low", "normal" or "high"' }).default('normal'),
      flags: z.array(z.enum(PATIENT_FLAGS, { error: `must be one of ${PATIENT_FLAGS.join(', ')}` })).default([]),
    },
    { error: 'is required' },
  ),
  treatments: z
    .array(z.object({ date: day, product: code, kind, areas: z.array(areaUnits).min(1, 'must list at least one area') }))
    .default([]),
  observations: z
    .array(
      z.object({
        date: day,
        area: code,
        kind: z.enum(['movement_returning', 'no_response'], { error: 'must be "movement_returning" or "no_response"' }),
      }),
    )
    .default([]),
  settings: settingsOverride.optional(),
  products: z.array(productSchema).default([]),
  areas: z.array(areaSchema).default([]),
  booking: z
    .object({ date: day, product: code, kind, areas: z.array(areaUnits).min(1, 'must list at least one area') })
    .optional(),
  event: z.object({ date: day }).optional(),
});

export type ParseResult = { ok: true; value: RulesRequest } | { ok: false; message: string };

/** "treatments[0].areas[1].units" from a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function problem(path: readonly PropertyKey[], message: string): ParseResult {
  return { ok: false, message: `${formatPath(path) || 'input'}: ${message}` };
}

/** Validates one input document and builds the context the rules run in. */
export function parseRulesRequest(doc: unknown): ParseResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return problem([], 'must be a JSON object');
  const parsed = requestSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return problem(issue.path, missing ? 'is required' : issue.message);
  }
  const input = parsed.data;
  const mergedSettings = {
    ...DEFAULT_RULE_SETTINGS,
    ...input.settings,
    activityFactors: { ...DEFAULT_RULE_SETTINGS.activityFactors, ...input.settings?.activityFactors },
  };
  const settings = ruleSettingsSchema.safeParse(mergedSettings);
  if (!settings.success) {
    const issue = settings.error.issues[0]!;
    return problem(['settings', ...issue.path], issue.message);
  }
  const products = new Map(mergeByCode<Product>(BUILT_IN_PRODUCTS, input.products).map((p) => [p.code, p]));
  const areas = new Map(mergeByCode<Area>(BUILT_IN_AREAS, input.areas).map((a) => [a.code, a]));

  const checkCodes = (
    path: PropertyKey[],
    t: { product?: string; areas?: { area: string }[]; area?: string },
  ): ParseResult | null => {
    if (t.product !== undefined && !products.has(t.product))
      return problem([...path, 'product'], `unknown product "${t.product}"`);
    if (t.area !== undefined && !areas.has(t.area)) return problem([...path, 'area'], `unknown area "${t.area}"`);
    for (const [i, a] of (t.areas ?? []).entries()) {
      if (!areas.has(a.area)) return problem([...path, 'areas', i, 'area'], `unknown area "${a.area}"`);
    }
    return null;
  };
  for (const [i, t] of input.treatments.entries()) {
    const bad = checkCodes(['treatments', i], t);
    if (bad) return bad;
  }
  for (const [i, o] of input.observations.entries()) {
    const bad = checkCodes(['observations', i], o);
    if (bad) return bad;
  }
  if (input.booking) {
    const bad = checkCodes(['booking'], input.booking);
    if (bad) return bad;
  }

  const onOrBefore = <T extends { date: string }>(list: T[]) => list.filter((x) => x.date <= input.asOf);
  return {
    ok: true,
    value: {
      asOf: input.asOf,
      patient: { dob: input.patient.dob ?? null, activityLevel: input.patient.activityLevel, flags: input.patient.flags },
      treatments: onOrBefore(input.treatments),
      observations: onOrBefore(input.observations),
      ...(input.booking ? { booking: input.booking } : {}),
      ...(input.event ? { event: input.event } : {}),
      ctx: { settings: settings.data, products, areas, cumulativeCaps: CUMULATIVE_GROUP_CAPS },
    },
  };
}
