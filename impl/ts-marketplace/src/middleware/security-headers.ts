import helmet from "koa-helmet";
import type { AppMiddleware } from "../app-state.js";

/**
 * Security headers on every response, set by helmet: a strict Content-Security-Policy
 * (only same-origin styles and images, no scripts at all, so no `unsafe-inline`;
 * `frame-ancestors 'none'`), `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 * no-referrer`, `X-Frame-Options: DENY`, cross-origin isolation headers and HSTS
 * (which browsers honour only over HTTPS).
 */
export function securityHeaders(): AppMiddleware {
  return helmet({
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
  }) as AppMiddleware;
}
