/** One line of the bench's table and JSON. */
export interface BenchRow {
  /** What is measured: `rpc`, `homepage`, `catalog`, `start-up` or `memory`. */
  readonly group: string;
  /** The case, e.g. `v2 Recommend (h2load)`. */
  readonly name: string;
  /** The median result over the repeats. */
  readonly value: number;
  /** Its unit, e.g. `req/s`, `µs/call`, `ms`, `MiB`. */
  readonly unit: string;
  /** Median latency in ms, where measured. */
  readonly p50Ms?: number;
  /** 99th percentile latency in ms, where measured. */
  readonly p99Ms?: number;
  /** Server CPU time per call in µs (user + system of the server process), where measured. */
  readonly cpuUsPerCall?: number;
  /** Median of this case over the reference limit's median, where there is one. */
  readonly ratio?: number;
  /** How far the repeats disagreed: (max − min) / median of `value`. */
  readonly spread?: number;
  /** Failed calls over all repeats. */
  readonly errors?: number;
  /** The target, e.g. `≥ 0.8× reference`, whether this run met it, and for a ratio target its ratio. */
  readonly target?: { readonly text: string; readonly met: boolean; readonly ratio?: number };
  /** Why the row was skipped, or a remark. */
  readonly note?: string;
}

/** A row for a case that could not run, saying why. */
export function skippedRow(group: string, name: string, reason: string): BenchRow {
  return { group, name, value: NaN, unit: "", note: `skipped: ${reason}` };
}
