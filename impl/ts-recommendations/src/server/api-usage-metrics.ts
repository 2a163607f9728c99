import { createChildCache } from "@onlinebooks/service-kit";
import { Counter, Gauge, type Registry } from "prom-client";
import type { ApiDeprecation } from "./api-deprecation.js";
import { createCallerLabels } from "./caller-label.js";
import type { CallObserver } from "./observing-interceptor.js";
import { servedApiOf } from "./served-api.js";

/** How many distinct callers each process counts by name; later ones count as `(other)`. */
const MAX_CALLERS = 50;

/** Options of {@link createApiUsageMetrics}. */
export interface ApiUsageMetricsOptions {
  /** The service names the server answers (legacy, v1, v2); calls of other services are not counted. */
  readonly services: readonly string[];
  /** The announced end of v1 and the legacy path. */
  readonly v1Deprecation: ApiDeprecation;
}

/**
 * The metrics that show who still calls which version, in `registry`:
 *
 * - `recommendations_api_calls_total{api,caller}`: finished calls of the legacy path, v1
 *   and v2 by calling client (see `createCallerLabels`; at most {@link MAX_CALLERS} callers by
 *   name per process, the rest as `(other)`);
 * - `recommendations_api_info{api,grpc_service}` = 1: which `grpc_service` of the gRPC
 *   server metrics is which API version, for joins in recording rules;
 * - `recommendations_api_sunset_timestamp_seconds{api}`: the announced sunset of v1
 *   and the legacy path (absent when none is announced).
 */
export function createApiUsageMetrics(registry: Registry, options: ApiUsageMetricsOptions): CallObserver {
  const calls = new Counter({
    name: "recommendations_api_calls_total",
    help: `Calls of the Recommendations API by version (legacy, v1, v2) and calling client: its client-name metadata, else the first product of its user agent; at most ${MAX_CALLERS} callers by name per process, later ones as "(other)".`,
    labelNames: ["api", "caller"],
    registers: [registry],
  });
  const info = new Gauge({
    name: "recommendations_api_info",
    help: "Which gRPC service name (grpc_service of the grpc_server_* metrics) serves which API version.",
    labelNames: ["api", "grpc_service"],
    registers: [registry],
  });
  for (const service of options.services) info.set({ api: servedApiOf(service), grpc_service: service }, 1);
  const { sunsetAtMs } = options.v1Deprecation;
  if (sunsetAtMs !== undefined) {
    const sunset = new Gauge({
      name: "recommendations_api_sunset_timestamp_seconds",
      help: "When an API version stops being served (V1_SUNSET_DATE), in seconds since the epoch.",
      labelNames: ["api"],
      registers: [registry],
    });
    for (const api of ["legacy", "v1"]) sunset.set({ api }, sunsetAtMs / 1000);
  }
  const callerLabel = createCallerLabels(MAX_CALLERS);
  return {
    forMethod({ service }) {
      if (!options.services.includes(service)) return { onFinish() {} };
      const api = servedApiOf(service);
      const counterOf = createChildCache({ bind: (caller: string) => calls.labels({ api, caller }) });
      return {
        onFinish(call) {
          counterOf(callerLabel(call.metadata)).inc();
        },
      };
    },
  };
}
