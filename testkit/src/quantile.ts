/**
 * The value at quantile `q` (0–1) of `sorted` (ascending), by nearest rank: the smallest
 * value with at least `q` of all values at or below it (for 1…100, p50 is 50 and p99 is 99).
 * NaN when empty.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}
