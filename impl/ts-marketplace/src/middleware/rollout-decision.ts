import type { AppMiddleware } from "../app-state.js";
import type { Rollout } from "../services/rollout.js";

/** The response header that names the API version that served a page. */
const API_HEADER = "x-recommendations-api";

/**
 * Makes the reader's rollout decision once per page request, for the page routes
 * (`ctx.state.rollout`), and sets `x-recommendations-api` on the response: the version
 * a lookup reports as having served the page (`ctx.state.servedBy`; v1 after a fallback
 * from v2), else the decision's serving version (a page without a lookup, such as a
 * 404 or an error page). Runs after the reader cookie, which gives every page a reader.
 */
export function rolloutDecision(rollout: Rollout): AppMiddleware {
  return async (ctx, next) => {
    const { readerId } = ctx.state;
    if (readerId === undefined) throw new Error("the reader cookie middleware did not run");
    const decision = rollout.decide(readerId);
    ctx.state.rollout = decision;
    try {
      await next();
    } finally {
      ctx.set(API_HEADER, ctx.state.servedBy ?? decision.primary);
    }
  };
}
