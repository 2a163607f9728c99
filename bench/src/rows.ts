import type { BenchRow } from "./bench-row.js";
import type { LoadResult } from "./h2load.js";
import { pairedRatio, type Repeated } from "./repeat.js";
import { TARGETS } from "./settings.js";

/** What the rows of one suite's load generator share. */
export interface RowKind {
  readonly group: string;
  readonly unit: string;
  /** The rows carry the server's CPU µs per call: the first process measured by `withProcessCpu`. */
  readonly cpu?: boolean;
}

/** A case's repeats as a row, with its ratio to `reference`'s repeats (paired by round; exactly 1 for the reference itself). */
export function comparedRow(kind: RowKind, name: string, result: Repeated, reference: Repeated): BenchRow {
  return {
    group: kind.group, name, value: result.rps, unit: kind.unit, p50Ms: result.p50Ms, p99Ms: result.p99Ms,
    ...(kind.cpu ? { cpuUsPerCall: result.cpuUsPerRequest[0] ?? NaN } : {}),
    ratio: result === reference ? 1 : pairedRatio(result.runs, reference.runs), spread: result.spread, errors: result.errors,
  };
}

/** A case compared with a reference: its row name, its repeats and its target ratio to the reference (none for an informative row). */
export type ComparedCase = readonly [name: string, result: Repeated, targetRatio?: number];

/**
 * The reference limit's row (ratio 1), then a row per case with its ratio to the
 * reference and, where given, the target `≥ targetRatio× reference`.
 */
export function ratioRows(kind: RowKind, reference: readonly [string, Repeated], cases: readonly ComparedCase[]): BenchRow[] {
  const [referenceName, ref] = reference;
  return [
    comparedRow(kind, referenceName, ref, ref),
    ...cases.map(([name, result, targetRatio]): BenchRow => {
      const row = comparedRow(kind, name, result, ref);
      if (targetRatio === undefined) return row;
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
