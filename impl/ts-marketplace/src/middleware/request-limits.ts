import type { AppMiddleware } from "../app-state.js";

/** The longest request target (path and query) accepted, in characters. */
const MAX_URL_LENGTH = 2048;

/** The methods every resource of the marketplace answers. */
const ALLOWED_METHODS = ["GET", "HEAD"] as const;

/**
 * Bounds what a request may bring before any route runs: a method other than GET or
 * HEAD gets 405 with `Allow: GET, HEAD` (every page, asset and probe is read-only),
 * and a request target longer than 2048 characters gets 414. Header and cookie sizes
 * are bounded by the HTTP server's `maxHeaderSize`; query strings are never parsed.
 */
export function requestLimits(): AppMiddleware {
  return async (ctx, next) => {
    if (!(ALLOWED_METHODS as readonly string[]).includes(ctx.method)) {
      ctx.set("Allow", ALLOWED_METHODS.join(", "));
      ctx.status = 405;
      return;
    }
    if (ctx.url.length > MAX_URL_LENGTH) {
      ctx.status = 414;
      return;
    }
    await next();
  };
}
