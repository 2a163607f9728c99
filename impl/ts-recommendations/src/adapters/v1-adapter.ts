import type { ServiceHandlers } from "@onlinebooks/grpc-es";
import { BookCategory, ErrorReason, type Recommendations } from "@onlinebooks/recommendations-v1";
import { isCategory, type Category } from "../domain/category.js";
import { DomainError } from "../domain/domain-error.js";
import type { Recommender } from "../domain/recommender.js";

/** The most books one v1 call returns; larger `max_results` values are clamped to it. */
const V1_MAX_RESULTS = 100;

/**
 * The handlers of `recommendations.v1.Recommendations`, also registered under the
 * legacy unversioned name `Recommendations` (same wire shape). The request has passed
 * the contract's rules (`max_results` not negative); a category v1 does not know is not
 * found ("Category not found", reason `CATEGORY_NOT_FOUND`), as it always was. Asks the
 * domain for `min(max_results, 100)` books of one category for the reader named by
 * `user_id` in decimal, exactly as the equivalent v2 request does.
 */
export function createV1Handlers(recommender: Recommender): ServiceHandlers<typeof Recommendations> {
  return {
    recommend(request) {
      const category = v1Category(request.category);
      const limit = Math.min(request.maxResults, V1_MAX_RESULTS);
      if (limit <= 0) return { recommendations: [] };
      const { books } = recommender.recommend({ userId: String(request.userId), categories: [category], limit });
      return { recommendations: books.map((book) => ({ id: book.id, title: book.title })) };
    },
  };
}

function v1Category(value: BookCategory): Category {
  const name: string | undefined = BookCategory[value];
  if (name === undefined || !isCategory(name)) {
    throw new DomainError("not-found", ErrorReason.CATEGORY_NOT_FOUND, "Category not found", {
      field: "category",
      metadata: { category: String(value) },
    });
  }
  return name;
}
