import { runClosedLoopLoad } from "@onlinebooks/testkit";
import type { LoadResult } from "./h2load.js";

/** Options of {@link runClientLoad}. */
export interface ClientLoadOptions {
  /** Calls kept in flight. */
  readonly concurrency: number;
  /** Unmeasured seconds first. */
  readonly warmupS: number;
  /** Measured seconds. */
  readonly durationS: number;
}

/**
 * Closed-loop load from this process (the test kit's loop): `concurrency` loops each
 * awaiting `call(n)` and starting the next, first unmeasured for the warm-up, then
 * measured, reported as a bench load result. For the project's
 * own TypeScript clients, whose cost on the calling side is part of what they are
 * measured for. No new call starts after the duration.
 */
export async function runClientLoad(call: (n: number) => Promise<unknown>, options: ClientLoadOptions): Promise<LoadResult> {
  const result = await runClosedLoopLoad(call, {
    concurrency: options.concurrency,
    warmupMs: options.warmupS * 1000,
    durationMs: options.durationS * 1000,
  });
  return { rps: result.callsPerSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors };
}
