import type { CatalogueArea } from '../../../../shared/catalogue';
import type { Lot } from '../../../../shared/lots';
import { usableLotsOf } from '../../../../shared/lots';
import type { Treatment, TreatmentInput } from '../../../../shared/treatments';
import { missingForFinal, pointUnitMismatches } from '../../../../shared/treatments';

/**
 * The fields a practitioner must have looked at in this sitting before a record can be finalised.
 * A form pre-filled from last time (or a saved draft) has them all filled in already, so each is
 * either changed or ticked as checked; nothing is "ready" by default.
 */
export const CHECK_ITEMS = ['when', 'injector', 'product', 'lot', 'areas'] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

export const CHECK_LABELS: Record<CheckItem, string> = {
  when: 'Date and time',
  injector: 'Injector',
  product: 'Product',
  lot: 'Lot',
  areas: 'Areas and units',
};

/** Which required field a change to the form touches. */
const TOUCHES: Partial<Record<keyof TreatmentInput, CheckItem>> = {
  performedOn: 'when',
  performedAt: 'when',
  injectorId: 'injector',
  product: 'product',
  lotId: 'lot',
  areas: 'areas',
};

export interface ChartState {
  mode: 'draft' | 'amend';
  form: TreatmentInput;
  draftId: number | null;
  /** The form opened already filled in (from the last treatment or a saved draft): its required fields need checking. */
  prefilled: boolean;
  checked: CheckItem[];
  reason: string;
  showExpired: boolean;
  errors: Record<string, string>;
  status: { kind: 'ok' | 'error'; text: string } | null;
  busy: boolean;
  confirmDiscard: boolean;
  /** The summary shown before the permanent record is made. */
  summaryOpen: boolean;
}

export type ChartAction =
  | { type: 'change'; patch: Partial<TreatmentInput> }
  | { type: 'check'; item: CheckItem; checked: boolean }
  | { type: 'reason'; text: string }
  | { type: 'showExpired'; value: boolean }
  | { type: 'busy' }
  | { type: 'draftSaved'; id: number }
  | { type: 'refused'; errors: Record<string, string>; text: string }
  | { type: 'status'; kind: 'ok' | 'error'; text: string }
  | { type: 'confirmDiscard'; value: boolean }
  | { type: 'summary'; open: boolean };

export function initialChart(opts: {
  mode: 'draft' | 'amend';
  form: TreatmentInput;
  draftId: number | null;
  original: Treatment | null;
}): ChartState {
  const { form } = opts;
  const filled = form.product !== null || form.lotId !== null || form.injectorId !== null || form.areas.length > 0;
  return {
    mode: opts.mode,
    form,
    draftId: opts.draftId,
    prefilled: filled,
    checked: filled ? [] : [...CHECK_ITEMS],
    reason: '',
    showExpired:
      opts.original !== null && opts.original.lotExpiry !== null && opts.original.lotExpiry < opts.original.performedOn,
    errors: {},
    status: null,
    busy: false,
    confirmDiscard: false,
    summaryOpen: false,
  };
}

export function chartReducer(s: ChartState, a: ChartAction): ChartState {
  switch (a.type) {
    case 'change': {
      const touched = Object.keys(a.patch)
        .map((k) => TOUCHES[k as keyof TreatmentInput])
        .filter((x): x is CheckItem => x !== undefined);
      return { ...s, form: { ...s.form, ...a.patch }, checked: [...new Set([...s.checked, ...touched])] };
    }
    case 'check':
      return { ...s, checked: a.checked ? [...new Set([...s.checked, a.item])] : s.checked.filter((c) => c !== a.item) };
    case 'reason':
      return { ...s, reason: a.text };
    case 'showExpired':
      return { ...s, showExpired: a.value };
    case 'busy':
      return { ...s, busy: true };
    case 'draftSaved':
      return { ...s, draftId: a.id, errors: {}, status: { kind: 'ok', text: 'Draft saved.' }, busy: false };
    case 'refused':
      return { ...s, errors: a.errors, status: { kind: 'error', text: a.text }, busy: false, summaryOpen: false };
    case 'status':
      return { ...s, status: { kind: a.kind, text: a.text }, busy: false };
    case 'confirmDiscard':
      return { ...s, confirmDiscard: a.value };
    case 'summary':
      return { ...s, summaryOpen: a.open };
  }
}

export interface ChartFacts {
  areas: readonly CatalogueArea[];
  lots: readonly Lot[];
  consentInForce: boolean;
}

/** Everything the record still lacks, in the practitioner's words. */
export function missingFor(s: ChartState, facts: ChartFacts): string[] {
  const lot = facts.lots.find((l) => l.id === s.form.lotId) ?? null;
  const badUnits = s.form.areas
    .filter((a) => !(a.units > 0))
    .map((a) => `Units for ${facts.areas.find((c) => c.code === a.area)?.name ?? a.area}`);
  return [...missingForFinal(s.form, { consentInForce: facts.consentInForce, lotExpiry: lot?.expiry ?? null }), ...badUnits];
}

/** Filled-in required fields not yet changed or ticked in this sitting (none when amending: the reason is what is asked). */
export function stillToCheck(s: ChartState): CheckItem[] {
  if (s.mode === 'amend') return [];
  return CHECK_ITEMS.filter((item) => !s.checked.includes(item));
}

/** Where the units at the injection points disagree with their areas: a warning, never a block. */
export function unitWarnings(s: ChartState, facts: Pick<ChartFacts, 'areas'>): string[] {
  const name = (code: string) => facts.areas.find((a) => a.code === code)?.name ?? code;
  return pointUnitMismatches(s.form, name);
}

export function readyToFinalise(s: ChartState, facts: ChartFacts): boolean {
  return missingFor(s, facts).length === 0 && stillToCheck(s).length === 0;
}

/** The lots offered for the product: in date and in stock (and the one already chosen), or all when asked. */
export function lotsOffered(s: ChartState, lots: readonly Lot[]): Lot[] {
  const ofProduct = lots.filter((l) => l.product === s.form.product);
  if (s.showExpired) return ofProduct;
  // Which lots are usable is one shared rule (the main process's prefill asks the same); the lot
  // already chosen stays listed so the field never shows a value it does not offer.
  const usable = usableLotsOf(lots, s.form.product, s.form.performedOn);
  return ofProduct.filter((l) => l.id === s.form.lotId || usable.includes(l));
}

export function totalUnits(form: Pick<TreatmentInput, 'areas'>): number {
  return Math.round(form.areas.reduce((n, a) => n + (a.units > 0 ? a.units : 0), 0) * 100) / 100;
}
