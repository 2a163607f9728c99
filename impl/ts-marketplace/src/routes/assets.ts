import Router from "@koa/router";
import { send } from "@koa/send";
import type { AppState } from "../app-state.js";
import { PACKAGE_PATHS } from "../paths.js";

/** Options of {@link createAssetRoutes}. */
export interface AssetRoutesOptions {
  /** The directory the files come from; the package's `public/` by default. */
  readonly root?: string;
  /** Browser cache lifetime in milliseconds; default one hour. */
  readonly maxAgeMs?: number;
}

/**
 * Serves the stylesheet and icon under `/static/:file` from the package's `public/`
 * directory with @koa/send, which refuses paths that leave the root and hidden files;
 * a missing file is the 404 page.
 */
export function createAssetRoutes(options: AssetRoutesOptions = {}): Router<AppState> {
  const root = options.root ?? PACKAGE_PATHS.public;
  const maxage = options.maxAgeMs ?? 60 * 60 * 1000;
  const router = new Router<AppState>();
  router.get("/static/:file", async (ctx) => {
    await send(ctx, ctx.params.file ?? "", { root, maxage, index: false, hidden: false });
  });
  return router;
}
