/**
 * The route pattern @koa/router matched for the request of `ctx` (for example
 * `/categories/:slug`), or `undefined` when no route matched. The router records it on
 * the context as `_matchedRoute`; middleware outside the routes reads it here, after
 * `next()`, to label metrics, log lines and spans by pattern rather than by raw URL.
 */
export function matchedRoute(ctx: object): string | undefined {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === "string" ? matched : undefined;
}
