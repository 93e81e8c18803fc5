import { evaluateRules, parseRulesRequest, type RulesRequest } from '../../../electron/rules';
import type { RulesResult } from '../../../electron/rules';

/** Runs the rules on an input document written as the command line takes it. */
export function run(doc: Record<string, unknown>): RulesResult {
  return evaluateRules(request(doc));
}

export function request(doc: Record<string, unknown>): RulesRequest {
  const parsed = parseRulesRequest(doc);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export const adult = { dob: '1985-06-15', flags: [] as string[] };

export function full(date: string, product: string, areas: Record<string, number>) {
  return { date, product, kind: 'full', areas: Object.entries(areas).map(([area, units]) => ({ area, units })) };
}

export function touchUp(date: string, product: string, areas: Record<string, number>) {
  return { ...full(date, product, areas), kind: 'touch_up' };
}

export function returning(date: string, area: string) {
  return { date, area, kind: 'movement_returning' };
}

export function codes(findings: { code: string; area?: string }[]): string[] {
  return findings.map((f) => (f.area ? `${f.code}:${f.area}` : f.code)).sort();
}

/** Is `got` a match for `want` as the rules examples define it (messages free, findings in any order)? */
export function matchesExpected(want: unknown, got: unknown): boolean {
  if (Array.isArray(want)) {
    const wantList = want as unknown[];
    if (!Array.isArray(got) || got.length !== wantList.length) return false;
    const isFindings = wantList.length > 0 && wantList.every((x) => typeof x === 'object' && x !== null && 'code' in x);
    const key = (x: unknown) => {
      const f = x as { code?: unknown; area?: unknown };
      return `${String(f.code)}|${String(f.area)}`;
    };
    const w = isFindings ? [...wantList].sort((a, b) => key(a).localeCompare(key(b))) : wantList;
    const g = isFindings ? [...(got as unknown[])].sort((a, b) => key(a).localeCompare(key(b))) : (got as unknown[]);
    return w.every((x, i) => matchesExpected(x, g[i]));
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof got !== 'object' || got === null) return false;
    return Object.entries(want).every(([k, v]) => k === 'message' || matchesExpected(v, (got as Record<string, unknown>)[k]));
  }
  return want === got;
}
