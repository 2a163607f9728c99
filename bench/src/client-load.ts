import type { LoadResult } from "./h2load.js";
import { quantile } from "./stats.js";

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
 * Closed-loop load from this process: `concurrency` loops each awaiting `call(n)` and
 * starting the next, first unmeasured for the warm-up, then measured. For the
 * project's own TypeScript clients, whose cost on the calling side is part of what
 * they are measured for. No new call starts after the duration.
 */
export async function runClientLoad(call: (n: number) => Promise<unknown>, options: ClientLoadOptions): Promise<LoadResult> {
  let counter = 0;
  const phase = async (seconds: number, latencies?: number[]): Promise<number> => {
    let errors = 0;
    const until = performance.now() + seconds * 1000;
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
  await phase(options.warmupS);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await phase(options.durationS, latencies);
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsedS, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), errors };
}
