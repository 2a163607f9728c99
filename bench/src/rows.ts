import type { BenchRow } from "./bench-row.js";
import type { LoadResult } from "./h2load.js";
import { pairedRatio, type Repeated } from "./repeat.js";
import { TARGETS } from "./settings.js";

/** What the rows of one suite's load generator share. */
export interface RowKind {
  readonly group: string;
  readonly unit: string;
  /** The rows carry the server's CPU µs per call (h2load measures it). */
  readonly cpu?: boolean;
}

/** A case's repeats as a row, with its ratio to `reference`'s repeats (paired by round; exactly 1 for the reference itself). */
export function comparedRow(kind: RowKind, name: string, result: Repeated, reference: Repeated): BenchRow {
  return {
    group: kind.group, name, value: result.rps, unit: kind.unit, p50Ms: result.p50Ms, p99Ms: result.p99Ms,
    ...(kind.cpu ? { cpuUsPerCall: result.serverCpuUsPerCall } : {}),
    ratio: result === reference ? 1 : pairedRatio(result.runs, reference.runs), spread: result.spread, errors: result.errors,
  };
}

/**
 * The reference limit's row (ratio 1), then a row per case of `cases` (name and
 * repeats) with its ratio to the reference and the target `≥ targetRatio× reference`.
 */
export function ratioRows(
  kind: RowKind,
  reference: readonly [string, Repeated],
  cases: readonly (readonly [string, Repeated])[],
  targetRatio: number,
): BenchRow[] {
  const [referenceName, ref] = reference;
  return [
    comparedRow(kind, referenceName, ref, ref),
    ...cases.map(([name, result]): BenchRow => {
      const row = comparedRow(kind, name, result, ref);
      return { ...row, target: { text: `≥ ${targetRatio}× reference`, met: (row.ratio as number) >= targetRatio, ratio: targetRatio } };
    }),
  ];
}

/**
 * Runs each case of `names` (key → row name, in order) once more at half of its peak
 * throughput in `peaks`, one after the other, and returns their rows: the `reference`
 * case's row notes the machine's own p99 at that load, every other row carries the
 * target p99 < {@link TARGETS}.p99AtHalfPeakMs.
 */
export async function halfPeakRows<K extends string>(
  kind: RowKind,
  names: Readonly<Record<K, string>>,
  peaks: Readonly<Record<K, Repeated>>,
  run: (key: K, rate: number) => Promise<LoadResult>,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const key of Object.keys(names) as K[]) {
    const half = await run(key, peaks[key].rps / 2);
    const target = { text: `p99 < ${TARGETS.p99AtHalfPeakMs} ms`, met: half.p99Ms < TARGETS.p99AtHalfPeakMs };
    rows.push({
      group: kind.group, name: names[key], value: half.rps, unit: kind.unit, p50Ms: half.p50Ms, p99Ms: half.p99Ms, errors: half.errors,
      ...(key === "reference" ? { note: "the machine's own p99 at this load" } : { target }),
    });
  }
  return rows;
}
