import Router from "@koa/router";
import type { ParameterizedContext } from "koa";
import type { AppState } from "../app-state.js";
import { HOMEPAGE_CATEGORIES, SITE_CATEGORIES, findCategory, type SiteCategory } from "../catalog-categories.js";
import type { Recommender } from "../services/recommender.js";
import type { Views } from "../views.js";

/** The response header that names the API version that served a page. */
export const API_HEADER = "x-recommendations-api";

/** Options of {@link createPageRoutes}. */
export interface PageRoutesOptions {
  /** Looks up recommendations under the rollout policy. */
  readonly recommender: Recommender;
  /** Renders the pages. */
  readonly views: Views;
  /** Books per category on the homepage; default 4. */
  readonly homepageBooks?: number;
  /** Books on a category page; default 12. */
  readonly categoryBooks?: number;
}

/**
 * The pages for people: `/`, the homepage with a shelf per featured category, and
 * `/categories/:slug`, one category. Both answer 200 also when recommendations are
 * down (with a notice instead of books) and set `x-recommendations-api` to the
 * version that served them. A category the reader's API version does not serve is 404.
 */
export function createPageRoutes(options: PageRoutesOptions): Router<AppState> {
  const { recommender, views } = options;
  const homepageBooks = options.homepageBooks ?? 4;
  const categoryBooks = options.categoryBooks ?? 12;
  const router = new Router<AppState>();

  const readerOf = (ctx: ParameterizedContext<AppState>): number => {
    if (ctx.state.readerId === undefined) throw new Error("the reader cookie middleware did not run");
    return ctx.state.readerId;
  };
  const navFor = (userId: number): SiteCategory[] =>
    SITE_CATEGORIES.filter((category) => recommender.serves(userId, category));

  router.get("/", async (ctx) => {
    const userId = readerOf(ctx);
    const lookup = await recommender.lookup({ userId, categories: HOMEPAGE_CATEGORIES, perCategory: homepageBooks });
    ctx.set(API_HEADER, lookup.api);
    ctx.set("Cache-Control", "private, no-cache");
    ctx.type = "html";
    ctx.body = views.render("home", { categories: navFor(userId), shelves: lookup.shelves });
  });

  router.get("/categories/:slug", async (ctx) => {
    const userId = readerOf(ctx);
    const category = findCategory(ctx.params.slug ?? "");
    if (category === undefined || !recommender.serves(userId, category)) return; // 404 page
    const lookup = await recommender.lookup({ userId, categories: [category], perCategory: categoryBooks });
    ctx.set(API_HEADER, lookup.api);
    ctx.set("Cache-Control", "private, no-cache");
    ctx.type = "html";
    ctx.body = views.render("category", {
      pageTitle: category.name,
      category,
      currentSlug: category.slug,
      categories: navFor(userId),
      shelves: lookup.shelves,
    });
  });

  return router;
}
