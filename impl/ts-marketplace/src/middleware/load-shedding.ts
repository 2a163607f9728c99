import type { AppMiddleware } from "../app-state.js";
import type { EventLoopMonitor } from "../event-loop-monitor.js";
import type { Metrics } from "../metrics.js";
import type { Views } from "../views.js";

/** When the marketplace stops taking new requests. */
export interface LoadSheddingLimits {
  /** Requests in progress at once; one more gets 503. */
  readonly maxInFlight: number;
  /** Event-loop delay (milliseconds, median of the last half second) past which new requests get 503. */
  readonly maxEventLoopDelayMs: number;
  /** The `Retry-After` of a 503, in seconds. */
  readonly retryAfterSeconds: number;
}

/**
 * The default bounds (`OVERLOAD_*` in the README; why these values: its "Overload"
 * section): 256 requests in progress, 50 ms median event-loop delay, `Retry-After: 2`.
 */
export const DEFAULT_LOAD_SHEDDING: LoadSheddingLimits = { maxInFlight: 256, maxEventLoopDelayMs: 50, retryAfterSeconds: 2 };

/** Options of {@link loadShedding}. */
export interface LoadSheddingOptions extends LoadSheddingLimits {
  /** The event-loop delay source. */
  readonly eventLoop: Pick<EventLoopMonitor, "delayMs">;
  /** Renders the friendly page (once, at start-up). */
  readonly views: Views;
  /** Counts shed requests. */
  readonly metrics: Metrics;
}

/** Paths never shed: orchestrators and Prometheus must get answers from a busy process. */
const EXEMPT_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Fails fast instead of queueing: while `maxInFlight` requests are in progress, or the
 * event loop lags by more than `maxEventLoopDelayMs`, a new request is answered at
 * once with 503, `Retry-After` and a short page for people (rendered once, so a shed
 * request costs next to nothing), and counted in
 * `marketplace_requests_shed_total{reason}`. The probes and `/metrics` are never shed.
 */
export function loadShedding(options: LoadSheddingOptions): AppMiddleware {
  const page = options.views.render("error", {
    pageTitle: "Too busy",
    heading: "We are very busy right now",
    message: `More readers came at once than we can serve. Please try again in ${options.retryAfterSeconds} second${options.retryAfterSeconds === 1 ? "" : "s"}.`,
  });
  const shed = {
    inFlight: options.metrics.requestsShed.labels({ reason: "in_flight" }),
    eventLoopDelay: options.metrics.requestsShed.labels({ reason: "event_loop_delay" }),
  };
  const retryAfter = String(options.retryAfterSeconds);
  let inFlight = 0;
  return async (ctx, next) => {
    if (EXEMPT_PATHS.has(ctx.path)) return next();
    const overloaded = inFlight >= options.maxInFlight ? shed.inFlight : options.eventLoop.delayMs > options.maxEventLoopDelayMs ? shed.eventLoopDelay : undefined;
    if (overloaded) {
      overloaded.inc();
      ctx.status = 503;
      ctx.set("Retry-After", retryAfter);
      ctx.set("Cache-Control", "no-store");
      ctx.type = "html";
      ctx.body = page;
      return;
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  };
}
