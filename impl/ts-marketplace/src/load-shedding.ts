import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { EventLoopMonitor } from "./event-loop-monitor.js";
import type { Metrics } from "./metrics.js";
import { setSecurityHeaders } from "./middleware/security-headers.js";
import { OPS_PATHS } from "./routes/ops.js";
import type { Views } from "./views.js";

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
 * The default bounds (`OVERLOAD_*` in the README, whose "Overload" section says why):
 * 128 requests in progress, 50 ms median event-loop delay, `Retry-After: 2`.
 */
export const DEFAULT_LOAD_SHEDDING: LoadSheddingLimits = { maxInFlight: 128, maxEventLoopDelayMs: 50, retryAfterSeconds: 2 };

/** Options of {@link createLoadShedder}. */
export interface LoadShedderOptions extends LoadSheddingLimits {
  /** The event-loop delay source. */
  readonly eventLoop: Pick<EventLoopMonitor, "delayMs">;
  /** Renders the friendly page (once, at start-up). */
  readonly views: Views;
  /** Counts shed requests. */
  readonly metrics: Metrics;
}

/** Puts load shedding in front of a request listener. */
export interface LoadShedder {
  /** `listener` behind the shedder: it only sees the requests that are not shed. */
  wrap(listener: RequestListener): RequestListener;
}

/** Paths never shed, the probes and `/metrics`: orchestrators and Prometheus must get answers from a busy process. */
const EXEMPT_PATHS: ReadonlySet<string> = new Set(OPS_PATHS);

/**
 * Fails fast instead of queueing: while `maxInFlight` requests are in progress, or the
 * event loop lags by more than `maxEventLoopDelayMs`, a new request is answered at
 * once with 503, `Retry-After`, the security headers and a short page for people, and
 * counted in `marketplace_requests_shed_total{reason}`. It works in front of the Koa
 * app, on the bare Node.js request, with the page rendered once: refusing must cost far
 * less than serving, or an overloaded process would spend itself refusing. The probes
 * and `/metrics` are never shed.
 */
export function createLoadShedder(options: LoadShedderOptions): LoadShedder {
  const page = Buffer.from(
    options.views.render("error", {
      pageTitle: "Too busy",
      heading: "We are very busy right now",
      message: `More readers came at once than we can serve. Please try again in ${options.retryAfterSeconds} second${options.retryAfterSeconds === 1 ? "" : "s"}.`,
    }),
  );
  const shed = {
    inFlight: options.metrics.requestsShed.labels({ reason: "in_flight" }),
    eventLoopDelay: options.metrics.requestsShed.labels({ reason: "event_loop_delay" }),
  };
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(page.length),
    "Cache-Control": "no-store",
    "Retry-After": String(options.retryAfterSeconds),
  };
  let inFlight = 0;
  const refuse = (request: IncomingMessage, response: ServerResponse): void => {
    setSecurityHeaders(request, response);
    response.writeHead(503, headers);
    response.end(request.method === "HEAD" ? undefined : page);
  };
  return {
    wrap: (listener) => (request, response) => {
      const path = request.url?.split("?", 1)[0] ?? "";
      if (EXEMPT_PATHS.has(path)) return listener(request, response);
      const overloaded = inFlight >= options.maxInFlight ? shed.inFlight : options.eventLoop.delayMs > options.maxEventLoopDelayMs ? shed.eventLoopDelay : undefined;
      if (overloaded) {
        overloaded.inc();
        refuse(request, response);
        return;
      }
      inFlight += 1;
      response.once("close", () => (inFlight -= 1));
      listener(request, response);
    },
  };
}
