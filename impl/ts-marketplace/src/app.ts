import Koa from "koa";
import type { Logger } from "pino";
import type { AppState } from "./app-state.js";
import type { Metrics } from "./metrics.js";
import { accessLog } from "./middleware/access-log.js";
import { errorPages } from "./middleware/error-pages.js";
import { httpMetrics } from "./middleware/http-metrics.js";
import { readerCookie } from "./middleware/reader-cookie.js";
import { requestLimits } from "./middleware/request-limits.js";
import { rolloutDecision } from "./middleware/rollout-decision.js";
import { securityHeaders } from "./middleware/security-headers.js";
import { serverSpans } from "./middleware/server-spans.js";
import type { Readiness } from "./readiness.js";
import { createAssetRoutes } from "./routes/assets.js";
import { createOpsRoutes, OPS_PATHS } from "./routes/ops.js";
import { createPageRoutes } from "./routes/pages.js";
import type { RolloutLookup } from "./services/rollout-lookup.js";
import { createViews, type Views } from "./views.js";

/** What the app needs from outside: built by `main.ts`, or by a test. */
export interface AppDeps {
  /** Looks up recommendations under the rollout policy. */
  readonly rolloutLookup: RolloutLookup;
  /** The metrics registry and instruments. */
  readonly metrics: Metrics;
  /** The readiness flag `/readyz` reports. */
  readonly readiness: Readiness;
  /** The logger. */
  readonly logger: Logger;
  /** A successful request this slow or slower (milliseconds) is logged at `info`; default 250. */
  readonly logSlowMs?: number;
  /** Make an OpenTelemetry server span per request (but for the probes and `/metrics`); default false. */
  readonly tracing?: boolean;
  /** The compiled page templates; default compiled here. */
  readonly views?: Views;
}

/**
 * Builds the marketplace Koa app without listening (`app.callback()` serves it). In
 * order: with tracing, the server spans; HTTP metrics, the access log, error pages, security headers, request limits (GET/HEAD only,
 * bounded URL), the probes and `/metrics`, static assets, then, for pages only, the
 * reader cookie, the rollout decision (which also sets `x-recommendations-api`) and the
 * page routes.
 */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { rolloutLookup, metrics, readiness, logger, views = createViews() } = deps;
  const app = new Koa<AppState>();
  app.on("error", (error: unknown) => logger.error({ err: error }, "unhandled HTTP error"));

  if (deps.tracing) app.use(serverSpans(OPS_PATHS));
  app.use(httpMetrics(metrics));
  app.use(accessLog({ logger, slowMs: deps.logSlowMs ?? 250 }));
  app.use(errorPages({ views, logger }));
  app.use(securityHeaders());
  app.use(requestLimits());
  app.use(createOpsRoutes({ readiness, metrics }).routes());
  app.use(createAssetRoutes().routes());
  app.use(readerCookie());
  app.use(rolloutDecision(rolloutLookup));
  app.use(createPageRoutes({ rolloutLookup, views }).routes());
  return app;
}
