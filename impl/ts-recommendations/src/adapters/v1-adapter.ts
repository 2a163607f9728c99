import type { ServiceHandlers } from "@onlinebooks/grpc-es";
import { BookCategory, type Recommendations } from "@onlinebooks/recommendations-v1";
import { isCategory, type Category } from "../domain/category.js";
import { DomainError } from "../domain/domain-error.js";
import type { Recommender } from "../domain/recommender.js";

/** The most books one v1 call returns; larger `max_results` values are clamped to it. */
export const V1_MAX_RESULTS = 100;

/**
 * The handlers of `recommendations.v1.Recommendations`, also registered under the
 * legacy unversioned name `Recommendations` (same wire shape). Validates as the v1
 * contract says — negative `max_results` → invalid argument, a category v1 does not
 * know → not found ("Category not found") — and asks the domain for
 * `min(max_results, 100)` books of one category for the reader named by `user_id` in
 * decimal, exactly as the equivalent v2 request does.
 */
export function createV1Handlers(recommender: Recommender): ServiceHandlers<typeof Recommendations> {
  return {
    recommend(request) {
      if (request.maxResults < 0) throw DomainError.invalidArgument("max_results", "must not be negative");
      const category = v1Category(request.category);
      const limit = Math.min(request.maxResults, V1_MAX_RESULTS);
      if (limit === 0) return { recommendations: [] };
      const { books } = recommender.recommend({ userId: String(request.userId), categories: [category], limit });
      return { recommendations: books.map((book) => ({ id: book.id, title: book.title })) };
    },
  };
}

function v1Category(value: BookCategory): Category {
  const name: string | undefined = BookCategory[value];
  if (name === undefined || !isCategory(name)) throw new DomainError("not-found", "Category not found", { field: "category" });
  return name;
}
