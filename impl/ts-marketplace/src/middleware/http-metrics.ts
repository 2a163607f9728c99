import type { AppMiddleware } from "../app-state.js";
import type { Metrics } from "../metrics.js";

/**
 * Counts and times every HTTP response by method, route pattern (for example
 * `/categories/:slug`; `unmatched` for anything no route matched, which keeps the
 * label set bounded) and final status. Must run outermost, so it sees the status the
 * error handler chose.
 */
export function httpMetrics(metrics: Metrics): AppMiddleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof matched === "string" ? matched : "unmatched";
      const method = ctx.method; // bounded: Node's HTTP parser accepts only known methods
      metrics.httpRequests.inc({ method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
