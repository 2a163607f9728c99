import Router from "@koa/router";
import type { ParameterizedContext } from "koa";
import type { AppState } from "../app-state.js";
import { HOMEPAGE_CATEGORIES, findCategory } from "../catalog-categories.js";
import type { Recommender } from "../services/recommender.js";
import type { RolloutDecision } from "../services/rollout.js";
import type { Views } from "../views.js";

/** The response header that names the API version that served a page. */
export const API_HEADER = "x-recommendations-api";

/** Options of {@link createPageRoutes}. */
export interface PageRoutesOptions {
  /** Looks up recommendations under the rollout policy. */
  readonly recommender: Recommender;
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
 * down (with a notice instead of books) and set `x-recommendations-api` to the
 * version that served them. A category the reader's API version does not serve is 404.
 */
export function createPageRoutes(options: PageRoutesOptions): Router<AppState> {
  const { recommender, views } = options;
  const router = new Router<AppState>();

  const readerOf = (ctx: ParameterizedContext<AppState>): { userId: number; decision: RolloutDecision } => {
    const { readerId, rollout } = ctx.state;
    if (readerId === undefined || rollout === undefined) throw new Error("the reader middlewares did not run");
    return { userId: readerId, decision: rollout };
  };

  router.get("/", async (ctx) => {
    const { userId, decision } = readerOf(ctx);
    const lookup = await recommender.lookup({ userId, categories: HOMEPAGE_CATEGORIES, perCategory: HOMEPAGE_BOOKS }, decision);
    ctx.set(API_HEADER, lookup.api);
    ctx.set("Cache-Control", "private, no-cache");
    ctx.type = "html";
    ctx.body = views.render("home", { categories: recommender.categories(decision.primary), shelves: lookup.shelves });
  });

  router.get("/categories/:slug", async (ctx) => {
    const { userId, decision } = readerOf(ctx);
    const categories = recommender.categories(decision.primary);
    const category = findCategory(ctx.params.slug ?? "");
    if (category === undefined || !categories.includes(category)) return; // 404 page
    const lookup = await recommender.lookup({ userId, categories: [category], perCategory: CATEGORY_BOOKS }, decision);
    ctx.set(API_HEADER, lookup.api);
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
