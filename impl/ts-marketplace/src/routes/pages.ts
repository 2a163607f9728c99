import Router from "@koa/router";
import type { ParameterizedContext } from "koa";
import type { AppState } from "../app-state.js";
import { HOMEPAGE_CATEGORIES, findCategory } from "../catalog-categories.js";
import type { RolloutLookup } from "../services/rollout-lookup.js";
import type { RolloutDecision } from "../services/rollout.js";
import type { Views } from "../views.js";

/** Options of {@link createPageRoutes}. */
export interface PageRoutesOptions {
  /** Looks up recommendations under the rollout policy. */
  readonly rolloutLookup: RolloutLookup;
  /** Renders the pages. */
  readonly views: Views;
}

/** Books per category on the homepage. */
const HOMEPAGE_BOOKS = 4;
/** Books on a category page. */
const CATEGORY_BOOKS = 12;

/**
 * The pages for people: `/`, the homepage with a shelf per featured category, and
 * `/categories/:slug`, one category. Both answer 200 also when recommendations are
 * down (with a notice instead of books) and report the version that served them in
 * `ctx.state.servedBy` (the rollout decision middleware turns it into the
 * `x-recommendations-api` header). A category the reader's API version does not serve is 404.
 */
export function createPageRoutes(options: PageRoutesOptions): Router<AppState> {
  const { rolloutLookup, views } = options;
  const router = new Router<AppState>();

  const readerOf = (ctx: ParameterizedContext<AppState>): { userId: number; decision: RolloutDecision } => {
    const { readerId, rollout } = ctx.state;
    if (readerId === undefined || rollout === undefined) throw new Error("the reader middlewares did not run");
    return { userId: readerId, decision: rollout };
  };

  router.get("/", async (ctx) => {
    const { userId, decision } = readerOf(ctx);
    const lookup = await rolloutLookup.lookup({ userId, categories: HOMEPAGE_CATEGORIES, perCategory: HOMEPAGE_BOOKS }, decision);
    ctx.state.servedBy = lookup.api;
    ctx.set("Cache-Control", "private, no-cache");
    ctx.type = "html";
    ctx.body = views.render("home", { categories: rolloutLookup.categories(decision.primary), shelves: lookup.shelves });
  });

  router.get("/categories/:slug", async (ctx) => {
    const { userId, decision } = readerOf(ctx);
    const categories = rolloutLookup.categories(decision.primary);
    const category = findCategory(ctx.params.slug ?? "");
    if (category === undefined || !categories.includes(category)) return; // 404 page
    const lookup = await rolloutLookup.lookup({ userId, categories: [category], perCategory: CATEGORY_BOOKS }, decision);
    ctx.state.servedBy = lookup.api;
    ctx.set("Cache-Control", "private, no-cache");
    ctx.type = "html";
    ctx.body = views.render("category", {
      pageTitle: category.name,
      category,
      currentSlug: category.slug,
      categories,
      shelves: lookup.shelves,
    });
  });

  return router;
}
