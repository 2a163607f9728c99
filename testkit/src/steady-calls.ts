import { setTimeout as sleep } from "node:timers/promises";
import { quantile } from "./quantile.js";

/** Options of {@link runSteadyCalls}. */
export interface SteadyCallsOptions {
  /** Calls go on while this returns true (checked before each call). */
  readonly running: () => boolean;
  /** Pause after each call, in milliseconds; default 10. */
  readonly pauseMs?: number;
  /** Callers, each making one call at a time; default 1. */
  readonly callers?: number;
}

/** How a well-behaved client fared. */
export interface SteadyCallsResult {
  /** Calls made. */
  readonly calls: number;
  /** Calls that rejected. */
  readonly failures: number;
  /** Share of calls that succeeded, 0–1 (1 when none were made). */
  readonly successRate: number;
  /** Median latency of the successful calls in milliseconds (nearest rank), NaN without any. */
  readonly p50Ms: number;
  /** 99th percentile latency of the successful calls in milliseconds, NaN without any. */
  readonly p99Ms: number;
  /** The messages of the first few failures, to say why. */
  readonly failureSamples: readonly string[];
}

/**
 * A well-behaved client: `callers` loops, each making one `call()` at a time with a
 * short pause between, for as long as `running()` says, counting successes, failures
 * and latencies. Bounded by `running`; a call itself should carry its own deadline.
 */
export async function runSteadyCalls(call: () => Promise<unknown>, options: SteadyCallsOptions): Promise<SteadyCallsResult> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  const loop = async (): Promise<void> => {
    while (options.running()) {
      const started = performance.now();
      try {
        await call();
        latencies.push(performance.now() - started);
      } catch (error) {
        failures += 1;
        if (failureSamples.length < 5) failureSamples.push(error instanceof Error ? error.message : String(error));
      }
      await sleep(options.pauseMs ?? 10);
    }
  };
  await Promise.all(Array.from({ length: options.callers ?? 1 }, loop));
  latencies.sort((a, b) => a - b);
  const calls = latencies.length + failures;
  return {
    calls,
    failures,
    successRate: calls === 0 ? 1 : latencies.length / calls,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    failureSamples,
  };
}
