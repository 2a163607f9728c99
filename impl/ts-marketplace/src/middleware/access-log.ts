import { createAccessLog, type Outcome } from "@onlinebooks/service-kit";
import type { Logger } from "pino";
import type { AppMiddleware } from "../app-state.js";
import { matchedRoute } from "./matched-route.js";

/** Options of {@link accessLog}. */
export interface AccessLogOptions {
  /** Where the `http request` lines go. */
  readonly logger: Logger;
  /** A successful request this slow or slower (milliseconds) is logged at `info`. */
  readonly slowMs: number;
}

/**
 * The marketplace's access log, with the policy the gRPC service uses: an `http request`
 * line (`method`, `path`, `route`, `status`, `durationMs`) for each 5xx response (at
 * `error`), each 4xx and each request slower than `slowMs` (at `info`); other requests
 * only at `debug`. Runs outside the error pages, so it logs the status they chose.
 */
export function accessLog(options: AccessLogOptions): AppMiddleware {
  const { logger } = options;
  const access = createAccessLog(options);
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const durationMs = Math.round((performance.now() - started) * 1e3) / 1e3;
      const { status } = ctx;
      const outcome: Outcome = status >= 500 ? "fault" : status >= 400 ? "failed" : "ok";
      const level = access.levelOf(outcome, durationMs);
      if (level !== undefined) {
        logger[level]({ method: ctx.method, path: ctx.path, route: matchedRoute(ctx), status, durationMs }, "http request");
      }
    }
  };
}
