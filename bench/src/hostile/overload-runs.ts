import * as v2 from "@onlinebooks/recommendations-v2";
import {
  AS_IN_ITS_CONTAINER,
  grpcFrame,
  homepageReader,
  runSteadyCalls,
  sampleProcess,
  startMarketplaceProcess,
  startRecommendationsProcess,
  type SteadyCallsResult,
} from "@onlinebooks/testkit";
import { runH2load } from "../h2load.js";
import { runHttpLoad } from "../http-load.js";
import { metricTotal } from "../metric-total.js";
import { V2_CASE } from "../requests.js";
import { ensureDebianTool } from "../tools.js";
import { serviceUsage, type ServiceUsage } from "./service-usage.js";

/** One overload run: capacity, then three times that offered for a while, then the recovery. */
export interface OverloadRow extends ServiceUsage {
  /** `recommendations` or `marketplace`. */
  readonly service: string;
  /** Throughput at capacity (closed loop), calls or pages per second. */
  readonly capacityPerS: number;
  /** The load offered during the overload, per second: three times capacity asked, what the generator reached. */
  readonly offeredPerS: number;
  /** Seconds the overload lasted. */
  readonly seconds: number;
  /** What the probe saw before, during and after. */
  readonly unloaded: SteadyCallsResult;
  readonly during: SteadyCallsResult;
  readonly after: SteadyCallsResult;
  /** Requests the service refused (RESOURCE_EXHAUSTED / 503) and served OK during the overload, per second. */
  readonly refusedPerS: number;
  readonly servedPerS: number;
  /** Why the run could not happen, when it could not. */
  readonly skipped?: string;
}

/** Probe callers: well-behaved clients (no retries) whose served calls give the latencies. */
const PROBES = 4;

const probeFor = (call: () => Promise<unknown>) => (ms: number) => {
  const until = performance.now() + ms;
  return runSteadyCalls(call, { running: () => performance.now() < until, callers: PROBES });
};

/** Sums the values of the metric lines at `url` whose name and labels start with `prefix`. */
async function counter(url: string, prefix: string): Promise<number> {
  return metricTotal(await (await fetch(url)).text(), prefix);
}

/** What {@link measureOverload} needs of a service under test. */
interface OverloadPlan {
  readonly service: string;
  readonly pid: number;
  /** Runs the probe callers for `ms`. */
  readonly probe: (ms: number) => Promise<SteadyCallsResult>;
  /** Measures the capacity, in calls or pages per second. */
  readonly capacity: () => Promise<number>;
  /** Offers `rate` per second for `seconds`; resolves with the rate actually reached. */
  readonly offer: (rate: number, seconds: number) => Promise<number>;
  /** The service's counters of refused and served requests. */
  readonly refused: () => Promise<number>;
  readonly served: () => Promise<number>;
}

/** The probes alone, capacity, three times capacity with the probes, the probes alone again. */
async function measureOverload(plan: OverloadPlan, seconds: number): Promise<OverloadRow> {
  await plan.probe(1000);
  const unloaded = await plan.probe(5000);
  const capacity = await plan.capacity();
  const [refusedBefore, servedBefore] = [await plan.refused(), await plan.served()];
  const usage = sampleProcess(plan.pid);
  const [during, offered] = await Promise.all([plan.probe(seconds * 1000), plan.offer(3 * capacity, seconds)]);
  const sampled = usage.stop();
  const [refusedAfter, servedAfter] = [await plan.refused(), await plan.served()];
  await plan.probe(1000);
  const after = await plan.probe(5000);
  return {
    service: plan.service,
    capacityPerS: capacity,
    offeredPerS: offered,
    seconds,
    unloaded,
    during,
    after,
    refusedPerS: (refusedAfter - refusedBefore) / seconds,
    servedPerS: (servedAfter - servedBefore) / seconds,
    ...serviceUsage(sampled),
  };
}

/**
 * The Recommendations service (main.js, defaults, heap capped as in the specs) over v2
 * Recommend: capacity from h2load (4 connections × 16 streams), then h2load at three
 * times that rate (16 connections × 100 streams) while four probe clients call.
 */
export async function recommendationsOverload(seconds: number): Promise<OverloadRow> {
  const missing = ensureDebianTool("h2load", "nghttp2-client");
  const service = await startRecommendationsProcess({ stdout: "ignore", nodeOptions: AS_IN_ITS_CONTAINER });
  const client = v2.createRecommendationsClient(`127.0.0.1:${service.port}`, { defaultTimeoutMs: 5000 });
  let n = 0;
  const probe = probeFor(() => client.recommend({ userId: `probe-${n++}`, categories: [v2.BookCategory.MYSTERY], pageSize: 10 }));
  const url = `http://127.0.0.1:${service.port}${V2_CASE.path}`;
  const body = grpcFrame(V2_CASE.message);
  const metrics = `http://127.0.0.1:${service.metricsPort}/metrics`;
  try {
    if (missing) return skippedRow("recommendations", await probe(5000), missing);
    return await measureOverload(
      {
        service: "recommendations",
        pid: service.pid,
        probe,
        capacity: async () => (await runH2load({ url, body, connections: 4, streams: 16, durationS: 5, warmupS: 1 })).rps,
        offer: async (rate, durationS) => (await runH2load({ url, body, connections: 16, streams: 100, durationS, warmupS: 0, rate })).rps,
        refused: () => counter(metrics, "grpc_server_refused_total"),
        served: () => counter(metrics, 'grpc_server_handled_total{grpc_type="unary",grpc_service="recommendations.v2.RecommendationService",grpc_method="Recommend",grpc_code="OK"}'),
      },
      seconds,
    );
  } finally {
    client.close();
    await service.stop("SIGTERM", { killAfterMs: 5000 });
  }
}

/**
 * The marketplace (main.js on v2, defaults, heap capped as in the specs) in front of the
 * Recommendations service: capacity from autocannon (10 connections, closed loop), then
 * h2load (HTTP/1.1, paced every 10 ms, unlike autocannon's rate, which bursts each
 * connection's quota at the start of every second) at three times that rate while four
 * probe readers load the homepage.
 */
export async function marketplaceOverload(seconds: number): Promise<OverloadRow> {
  const missing = ensureDebianTool("h2load", "nghttp2-client");
  const recommendations = await startRecommendationsProcess({ stdout: "ignore" });
  const service = await startMarketplaceProcess({
    stdout: "ignore",
    nodeOptions: AS_IN_ITS_CONTAINER,
    env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}`, RECOMMENDATIONS_API: "v2" },
  });
  const base = `http://127.0.0.1:${service.port}`;
  const probe = probeFor(homepageReader(base));
  try {
    if (missing) return skippedRow("marketplace", await probe(5000), missing);
    return await measureOverload(
      {
        service: "marketplace",
        pid: service.pid,
        probe,
        capacity: async () => (await runHttpLoad({ url: base, connections: 10, warmupS: 1, durationS: 5, readers: 1000 })).rps,
        // One request at a time per connection: enough connections to keep the rate coming while pages take a few hundred milliseconds.
        offer: async (rate, durationS) =>
          (await runH2load({ url: `${base}/`, http1: { headers: ["cookie: reader=7"] }, connections: Math.max(100, Math.round(rate * 0.25)), streams: 1, durationS, warmupS: 0, rate })).rps,
        refused: () => counter(`${base}/metrics`, "marketplace_requests_shed_total"),
        served: () => counter(`${base}/metrics`, 'http_requests_total{method="GET",route="/",status="200"}'),
      },
      seconds,
    );
  } finally {
    await service.stop("SIGTERM", { killAfterMs: 5000 });
    await recommendations.stop("SIGTERM", { killAfterMs: 5000 });
  }
}

function skippedRow(service: string, unloaded: SteadyCallsResult, reason: string): OverloadRow {
  const none = { ...unloaded, calls: 0, failures: 0 };
  return { service, capacityPerS: NaN, offeredPerS: NaN, seconds: 0, unloaded, during: none, after: none, refusedPerS: NaN, servedPerS: NaN, startRssMiB: NaN, peakRssMiB: NaN, cpuPercent: NaN, skipped: reason };
}
