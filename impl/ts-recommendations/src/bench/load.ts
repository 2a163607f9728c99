/** Latency and throughput of one load run. */
export interface LoadResult {
  readonly calls: number;
  readonly errors: number;
  readonly callsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Calls kept in flight at once. */
  readonly concurrency: number;
  /** Unmeasured calls first, in milliseconds. */
  readonly warmupMs: number;
  /** Measured duration in milliseconds; the run stops by itself after it. */
  readonly durationMs: number;
}

/**
 * Calls `call(n)` with `concurrency` calls in flight, first for `warmupMs` without
 * measuring, then for `durationMs`, and reports calls per second and the median and
 * 99th percentile latency of the measured calls. Bounded in time: no new call starts
 * after the duration.
 */
export async function runLoad(call: (n: number) => Promise<unknown>, options: LoadOptions): Promise<LoadResult> {
  let counter = 0;
  const drive = async (until: number, latencies: number[] | undefined, errors: { count: number }): Promise<void> => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await call(counter++);
        latencies?.push(performance.now() - started);
      } catch {
        errors.count += 1;
      }
    }
  };
  const workers = (until: number, latencies?: number[], errors = { count: 0 }) =>
    Promise.all(Array.from({ length: options.concurrency }, () => drive(until, latencies, errors)));
  await workers(performance.now() + options.warmupMs);
  const latencies: number[] = [];
  const errors = { count: 0 };
  const started = performance.now();
  await workers(started + options.durationMs, latencies, errors);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    calls: latencies.length,
    errors: errors.count,
    callsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
  };
}
