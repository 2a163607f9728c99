import Router from "@koa/router";
import { send } from "@koa/send";
import type { AppState } from "../app-state.js";
import { PACKAGE_PATHS } from "../paths.js";

/** Browser cache lifetime of the files in milliseconds: one hour. */
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Serves the stylesheet and icon under `/static/:file` from the package's `public/`
 * directory with @koa/send, which refuses paths that leave the root and hidden files;
 * a missing file is the 404 page.
 */
export function createAssetRoutes(): Router<AppState> {
  const router = new Router<AppState>();
  router.get("/static/:file", async (ctx) => {
    await send(ctx, ctx.params.file ?? "", { root: PACKAGE_PATHS.public, maxage: MAX_AGE_MS, index: false, hidden: false });
  });
  return router;
}
