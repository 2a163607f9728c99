import type { LoadResult } from "./h2load.js";
import { median, spread } from "./stats.js";

/** Median over rounds of `runs[i] / reference[i]`: each repeat is compared with the reference run next to it, so drift between rounds cancels out. */
export function pairedRatio(runs: readonly number[], reference: readonly number[]): number {
  return median(runs.map((value, index) => value / (reference[index] ?? NaN)));
}

/** A case's repeats, summarised. */
export interface Repeated {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** Median CPU µs per request of each measured process, in the order measured (empty when none was). */
  readonly cpuUsPerRequest: readonly number[];
  /** Spread of the throughput over the repeats. */
  readonly spread: number;
  /** Every repeat's throughput, for the JSON. */
  readonly runs: readonly number[];
}

/**
 * Runs every case `rounds` times, interleaved (A B C, A B C, …) so that drift on a
 * shared machine hits each case alike, and summarises each by its medians.
 */
export async function repeatInterleaved<K extends string>(
  cases: readonly K[],
  rounds: number,
  run: (name: K) => Promise<LoadResult>,
): Promise<Record<K, Repeated>> {
  const results = new Map<K, LoadResult[]>(cases.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const name of cases) results.get(name)?.push(await run(name));
  }
  const summary = {} as Record<K, Repeated>;
  for (const [name, runs] of results) {
    const rps = runs.map((r) => r.rps);
    summary[name] = {
      rps: median(rps),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      errors: runs.reduce((total, r) => total + r.errors, 0),
      cpuUsPerRequest: (runs[0]?.cpuUsPerRequest ?? []).map((_, index) => median(runs.map((r) => r.cpuUsPerRequest?.[index] ?? NaN))),
      spread: spread(rps),
      runs: rps,
    };
  }
  return summary;
}
