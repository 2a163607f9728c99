import { createAccessLog, type AccessLogOptions, type Outcome } from "@onlinebooks/service-kit";
import type { AppMiddleware } from "../app-state.js";
import { matchedRoute } from "./matched-route.js";

/**
 * The marketplace's access log, with service-kit's policy and options, the ones the gRPC
 * service uses too: an `http request` line (`method`, `path`, `route`, `status`,
 * `durationMs`) for each 5xx response (at `error`), each 4xx and each request slower
 * than `slowMs` (at `info`); other requests only at `debug`. Runs outside the error pages, so it logs the status they chose.
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
