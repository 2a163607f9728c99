import autocannon from "autocannon";
import type { LoadResult } from "./h2load.js";

/** Options of {@link runHttpLoad}. */
export interface HttpLoadOptions {
  /** Base URL, e.g. `http://127.0.0.1:5000`; the bench loads `/`. */
  readonly url: string;
  /** Keep-alive connections, one request in flight each. */
  readonly connections: number;
  /** Unmeasured seconds first. */
  readonly warmupS: number;
  /** Measured seconds. */
  readonly durationS: number;
  /** Open-loop rate in requests per second over all connections; closed loop when absent. */
  readonly rate?: number;
  /** Distinct readers: each request carries cookie `reader=<1…readers>`, round robin. */
  readonly readers: number;
}

/**
 * Loads `GET /` with autocannon, each request as another reader (cookie), first
 * unmeasured for the warm-up. Errors count connection errors, timeouts and non-2xx.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<LoadResult> {
  let n = 0;
  const requests = [
    {
      method: "GET" as const,
      path: "/",
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        headers: { ...request.headers, cookie: `reader=${(n++ % options.readers) + 1}` },
      }),
    },
  ];
  const common = { url: options.url, connections: options.connections, requests, ...(options.rate === undefined ? {} : { overallRate: options.rate }) };
  await autocannon({ ...common, duration: options.warmupS });
  const result = await autocannon({ ...common, duration: options.durationS });
  return {
    rps: result.requests.total / options.durationS,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
