import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { AppMiddleware } from "../app-state.js";
import { matchedRoute } from "./matched-route.js";

/**
 * The OpenTelemetry SERVER span of every request but those to `skipPaths` (the probes
 * and `/metrics`), continuing the caller's trace when the request carries W3C Trace
 * Context (`traceparent`). It is active while the rest of the app runs, so the clients'
 * RPC spans are its children and every log line carries its ids. Named `GET /` or
 * `GET /categories/:slug` by the matched route (`GET` alone when none matched), with the
 * HTTP semantic-convention attributes (`http.request.method`, `http.route`, `url.path`,
 * `url.scheme`, `http.response.status_code`, `user_agent.original`, `client.address`);
 * a 5xx answer marks it as an error. Runs outermost, so it sees the final status and
 * the access log line falls inside it. Added only when tracing is on.
 */
export function serverSpans(skipPaths: readonly string[]): AppMiddleware {
  const tracer = trace.getTracer("@onlinebooks/ts-marketplace");
  const skip = new Set(skipPaths);
  return async (ctx, next) => {
    if (skip.has(ctx.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, ctx.headers);
    const userAgent = ctx.get("user-agent");
    const span = tracer.startSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          "http.request.method": ctx.method,
          "url.path": ctx.path,
          "url.scheme": ctx.protocol,
          "client.address": ctx.ip,
          ...(userAgent === "" ? {} : { "user_agent.original": userAgent }),
        },
      },
      parent,
    );
    let failed = false;
    try {
      await context.with(trace.setSpan(parent, span), next);
    } catch (error) {
      failed = true;
      span.recordException(error instanceof Error ? error : String(error));
      throw error;
    } finally {
      const route = matchedRoute(ctx);
      if (route !== undefined) {
        span.setAttribute("http.route", route);
        span.updateName(`${ctx.method} ${route}`);
      }
      const status = failed ? 500 : ctx.status;
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
