import type { ServiceHandlers } from "@onlinebooks/grpc-es";
import { BookCategory, BookCategorySchema, ErrorReason, type RecommendationService } from "@onlinebooks/recommendations-v2";
import type { Book } from "../domain/catalog.js";
import { isCategory, type Category } from "../domain/category.js";
import { DomainError } from "../domain/domain-error.js";
import type { Recommender } from "../domain/recommender.js";

/** The page size used when a v2 request leaves `page_size` at 0. */
export const V2_DEFAULT_PAGE_SIZE = 10;

const MAX_INT32 = 2 ** 31 - 1;

/**
 * The handlers of `recommendations.v2.RecommendationService`. Requests have passed the
 * contract's rules (user id, categories, page size, exclusions: its buf.validate
 * annotations, checked before any handler runs); the handlers translate enum values
 * and string ids to the domain's — a category the catalog does not have fails with
 * reason `UNKNOWN_CATEGORY` — and the domain's books back to v2 `Book`s.
 */
export function createV2Handlers(recommender: Recommender): ServiceHandlers<typeof RecommendationService> {
  return {
    recommend(request) {
      const result = recommender.recommend({
        userId: request.userId,
        categories: v2Categories(request.categories),
        limit: request.pageSize === 0 ? V2_DEFAULT_PAGE_SIZE : request.pageSize,
        pageToken: request.pageToken,
        excludeBookIds: bookNumbers(request.excludeBookIds),
      });
      return {
        recommendations: result.books.map((book) => ({ book: toV2Book(book) })),
        nextPageToken: result.nextPageToken,
      };
    },
    listCategories() {
      return {
        categories: recommender.listCategories().map((summary) => ({
          category: BookCategory[summary.category],
          displayName: summary.displayName,
          bookCount: summary.bookCount,
        })),
      };
    },
  };
}

/**
 * The distinct categories of a request, in order of first appearance. Each distinct value
 * is translated once, so a request of a million repeated values (a 1 MiB packed field)
 * costs a set lookup per value; one the catalog does not have is reported at its first
 * index.
 */
function v2Categories(values: readonly BookCategory[]): Category[] {
  const seen = new Set<BookCategory>();
  const categories: Category[] = [];
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as BookCategory;
    if (seen.has(value)) continue;
    seen.add(value);
    categories.push(v2Category(value, index));
  }
  return categories;
}

function v2Category(value: BookCategory, index: number): Category {
  const name: string | undefined = BookCategory[value];
  if (name === undefined || !isCategory(name)) {
    const enumName = BookCategorySchema.value[value]?.name ?? String(value);
    throw DomainError.invalidArgument(ErrorReason.UNKNOWN_CATEGORY, `categories[${index}]`, `is a category this server's catalog does not have (${enumName})`, {
      category: enumName,
    });
  }
  return name;
}

/** The ids of `ids` (well-formed decimal book ids) as numbers; ids beyond any book id (above int32) name no book and are dropped. */
function bookNumbers(ids: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const id of ids) {
    const number = id.length <= 10 ? Number(id) : Infinity;
    if (number <= MAX_INT32) numbers.push(number);
  }
  return numbers;
}

function toV2Book(book: Book) {
  return {
    id: String(book.id),
    title: book.title,
    authors: [...book.authors],
    category: BookCategory[book.category],
    publishedYear: book.year,
  };
}
