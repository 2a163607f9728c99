import { quantile } from "./quantile.js";

/** Throughput and latency of one {@link runClosedLoopLoad} run. */
export interface ClosedLoopLoadResult {
  /** Calls that succeeded in the measured phase. */
  readonly calls: number;
  /** Calls that failed in the measured phase. */
  readonly errors: number;
  /** Length of the measured phase in seconds (until the last call in flight finished). */
  readonly elapsedS: number;
  /** Successful calls per second of the measured phase. */
  readonly callsPerSecond: number;
  /** Latencies of the successful measured calls in milliseconds, sorted ascending. */
  readonly latenciesMs: readonly number[];
  /** Median latency (nearest rank), NaN without calls. */
  readonly p50Ms: number;
  /** 99th percentile latency (nearest rank), NaN without calls. */
  readonly p99Ms: number;
}

/** Options of {@link runClosedLoopLoad}. */
export interface ClosedLoopLoadOptions {
  /** Calls kept in flight at once. */
  readonly concurrency: number;
  /** Unmeasured warm-up first, in milliseconds. */
  readonly warmupMs: number;
  /** Measured duration in milliseconds; no new call starts after it. */
  readonly durationMs: number;
}

/**
 * Closed-loop load from this process: `concurrency` loops, each awaiting `call(n)` and
 * starting the next (`n` counts every call from 0), first unmeasured for the warm-up,
 * then measured. Bounded in time: no new call starts after the duration.
 */
export async function runClosedLoopLoad(call: (n: number) => Promise<unknown>, options: ClosedLoopLoadOptions): Promise<ClosedLoopLoadResult> {
  let counter = 0;
  const phase = async (durationMs: number, latencies?: number[]): Promise<number> => {
    let errors = 0;
    const until = performance.now() + durationMs;
    const loop = async (): Promise<void> => {
      while (performance.now() < until) {
        const started = performance.now();
        try {
          await call(counter++);
          latencies?.push(performance.now() - started);
        } catch {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, loop));
    return errors;
  };
  await phase(options.warmupMs);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await phase(options.durationMs, latencies);
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    errors,
    elapsedS,
    callsPerSecond: latencies.length / elapsedS,
    latenciesMs: latencies,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}
