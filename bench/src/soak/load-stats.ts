import { quantile } from "@onlinebooks/testkit";

/** Counts and latencies of one kind of request during a soak. */
export interface LoadStats {
  /** Requests finished so far. */
  readonly done: number;
  /** Requests that failed, by reason (a gRPC status name, an HTTP status, "degraded page" …). */
  readonly errors: ReadonlyMap<string, number>;
  /** Total failures. */
  readonly errorCount: number;
  /** The first few failure messages, for the report. */
  readonly samples: readonly string[];
  /** Records one finished request: its latency and, when it failed, why. */
  record(latencyMs: number, failure?: { reason: string; message: string }): void;
  /** The latency at quantile `q` (0…1) of everything recorded, in ms. */
  quantile(q: number): number;
}

/** Creates an empty {@link LoadStats} for up to `capacity` requests. */
export function createLoadStats(capacity: number): LoadStats {
  const latencies = new Float64Array(capacity);
  const errors = new Map<string, number>();
  const samples: string[] = [];
  let done = 0;
  let errorCount = 0;
  return {
    get done() {
      return done;
    },
    errors,
    get errorCount() {
      return errorCount;
    },
    samples,
    record(latencyMs, failure) {
      if (done < capacity) latencies[done] = latencyMs;
      done += 1;
      if (failure) {
        errorCount += 1;
        errors.set(failure.reason, (errors.get(failure.reason) ?? 0) + 1);
        if (samples.length < 5) samples.push(`${failure.reason}: ${failure.message}`);
      }
    },
    quantile(q) {
      return quantile(latencies.slice(0, Math.min(done, capacity)).sort(), q);
    },
  };
}
