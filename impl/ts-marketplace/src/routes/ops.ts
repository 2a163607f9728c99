import Router from "@koa/router";
import type { AppState } from "../app-state.js";
import type { Metrics } from "../metrics.js";
import type { Readiness } from "../readiness.js";

/** The paths of the operational endpoints (not pages). */
export const OPS_PATHS = ["/healthz", "/readyz", "/metrics"] as const;

/** Options of {@link createOpsRoutes}. */
export interface OpsRoutesOptions {
  /** The readiness flag `/readyz` reports. */
  readonly readiness: Readiness;
  /** The metrics `/metrics` serves. */
  readonly metrics: Metrics;
}

/**
 * Endpoints for orchestrators and Prometheus: `/healthz` (200 while the process runs),
 * `/readyz` (200 when ready to serve, 503 while starting or draining; independent of
 * the Recommendations service, a soft dependency) and `/metrics` (text exposition).
 */
export function createOpsRoutes(options: OpsRoutesOptions): Router<AppState> {
  const { readiness, metrics } = options;
  const router = new Router<AppState>();
  router.get("/healthz", (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = "ok\n";
  });
  router.get("/readyz", (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.status = readiness.state === "ready" ? 200 : 503;
    ctx.body = `${readiness.state}\n`;
  });
  router.get("/metrics", async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
