/** Comparisons of computed fractions carry this slack, so 0.6 × 105 still counts as 63. */
const EPSILON = 1e-9;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Round half up, as RULES.md §1 defines it: floor(x + 0.5). */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + EPSILON);
}

export function atMost(value: number, limit: number): boolean {
  return value <= limit + EPSILON;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
