import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import type { AppMiddleware } from "../app-state.js";

/** helmet's options: what {@link securityHeaders} sets, and why, in its comment. */
const OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: "no-referrer" },
  frameguard: { action: "deny" },
} as const;

const setHeaders = helmet(OPTIONS);

/** Sets the same security headers on a bare Node.js response (for answers given before the app runs). */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  setHeaders(request, response, () => undefined);
}

/**
 * Security headers on every response, set by the same helmet instance as
 * {@link setSecurityHeaders} (synchronously: helmet only sets headers): a strict Content-Security-Policy
 * (only same-origin styles and images, no scripts at all, so no `unsafe-inline`;
 * `frame-ancestors 'none'`), `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 * no-referrer`, `X-Frame-Options: DENY`, cross-origin isolation headers and HSTS
 * (which browsers honour only over HTTPS).
 */
export function securityHeaders(): AppMiddleware {
  return (ctx, next) => {
    setSecurityHeaders(ctx.req, ctx.res);
    return next();
  };
}
