import { createChildCache } from "@onlinebooks/service-kit";
import type { AppMiddleware } from "../app-state.js";
import type { Metrics } from "../metrics.js";
import { matchedRoute } from "./matched-route.js";

/**
 * Counts and times every HTTP response by method, route pattern (for example
 * `/categories/:slug`; `unmatched` for anything no route matched, which keeps the
 * label set bounded) and final status. Must run outermost, so it sees the status the
 * error handler chose.
 */
export function httpMetrics(metrics: Metrics): AppMiddleware {
  // The children bound to each method, route pattern and status are made once, so no
  // label objects are built per request; the three are bounded, so is the cache.
  const boundTo = createChildCache({
    key: (method: string, route: string, status: number) => `${method} ${route} ${status}`,
    bind: (method: string, route: string, status: number) => ({
      requests: metrics.httpRequests.labels({ method, route, status: String(status) }),
      duration: metrics.httpDuration.labels({ method, route }),
    }),
  });
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = matchedRoute(ctx) ?? "unmatched";
      const method = ctx.method; // bounded: Node's HTTP parser accepts only known methods
      const { requests, duration } = boundTo(method, route, ctx.status);
      requests.inc();
      duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
