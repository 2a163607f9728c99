import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also collect the Node.js process metrics of prom-client (default false; main turns it on). */
  readonly processMetrics?: boolean;
}

/** The Prometheus metrics of the marketplace, in a registry of their own. */
export interface Metrics {
  /** The registry `/metrics` serves. */
  readonly registry: Registry;
  /** `http_requests_total{method,route,status}`: HTTP responses by route pattern and status. */
  readonly httpRequests: Counter<"method" | "route" | "status">;
  /** `http_request_duration_seconds{method,route}`: HTTP response latency. */
  readonly httpDuration: Histogram<"method" | "route">;
  /** `marketplace_recommendations_total{api,outcome}`: page lookups by the version that served them. */
  readonly recommendations: Counter<"api" | "outcome">;
  /** `marketplace_recommendations_fallbacks_total`: v2 answered UNIMPLEMENTED and v1 served instead. */
  readonly fallbacks: Counter;
  /** `marketplace_shadow_comparisons_total{primary,result}`: shadow calls by match, mismatch or error. */
  readonly shadowComparisons: Counter<"primary" | "result">;
  /** `marketplace_requests_shed_total{reason}`: requests answered 503 for overload (`in_flight`, `event_loop_delay`). */
  readonly requestsShed: Counter<"reason">;
  /** `grpc_client_handled_total{grpc_service,grpc_method,grpc_code}`: every RPC made. */
  readonly rpcs: Counter<"grpc_service" | "grpc_method" | "grpc_code">;
  /** `grpc_client_handling_seconds{grpc_service,grpc_method}`: RPC latency. */
  readonly rpcDuration: Histogram<"grpc_service" | "grpc_method">;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Creates the marketplace metrics in a fresh registry (so apps in one process, as in
 * tests, never share counters). Route labels are route patterns, never raw URLs, so
 * the number of series stays bounded. Every shadow comparison series starts at 0, so a
 * mismatch ratio reads 0 rather than "no data" before the first mismatch.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP responses by method, route pattern and status code.",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP response latency in seconds by method and route pattern.",
      labelNames: ["method", "route"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    recommendations: new Counter({
      name: "marketplace_recommendations_total",
      help: "Recommendation lookups of pages by the API version that served them and outcome (ok, error).",
      labelNames: ["api", "outcome"],
      registers,
    }),
    fallbacks: new Counter({
      name: "marketplace_recommendations_fallbacks_total",
      help: "Lookups where v2 answered UNIMPLEMENTED and v1 served instead.",
      registers,
    }),
    shadowComparisons: zeroed(
      new Counter({
        name: "marketplace_shadow_comparisons_total",
        help: "Shadow lookups by serving version and result (match, mismatch, error).",
        labelNames: ["primary", "result"],
        registers,
      }),
      ["v1", "v2"].flatMap((primary) => ["match", "mismatch", "error"].map((result) => ({ primary, result }))),
    ),
    requestsShed: new Counter({
      name: "marketplace_requests_shed_total",
      help: "Requests answered 503 because the process was overloaded, by reason (in_flight, event_loop_delay).",
      labelNames: ["reason"],
      registers,
    }),
    rpcs: new Counter({
      name: "grpc_client_handled_total",
      help: "RPCs to the Recommendations service by service, method and status code.",
      labelNames: ["grpc_service", "grpc_method", "grpc_code"],
      registers,
    }),
    rpcDuration: new Histogram({
      name: "grpc_client_handling_seconds",
      help: "RPC latency in seconds by service and method.",
      labelNames: ["grpc_service", "grpc_method"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}

/** `counter` with a series at 0 for each of `labelSets`. */
function zeroed<L extends string>(counter: Counter<L>, labelSets: ReadonlyArray<Record<L, string>>): Counter<L> {
  for (const labels of labelSets) counter.inc(labels, 0);
  return counter;
}
