import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ErrorMapper, ServiceHandlers } from "@onlinebooks/grpc-es";
import {
  BookCategory,
  RecommendationService,
  RecommendRequestSchema,
  type BatchRecommendResponseSchema,
  type RecommendRequest,
  type RecommendResponseSchema,
} from "@onlinebooks/recommendations-v2";
import type { Book } from "../domain/catalog.js";
import { isCategory, type Category } from "../domain/category.js";
import { DomainError } from "../domain/domain-error.js";
import type { Recommender } from "../domain/recommender.js";

/** The page size used when a v2 request leaves `page_size` at 0. */
export const V2_DEFAULT_PAGE_SIZE = 10;
/** The largest `page_size` a v2 request may ask for. */
export const V2_MAX_PAGE_SIZE = 100;
/** The most `exclude_book_ids` a v2 request may carry. */
export const V2_MAX_EXCLUDED_IDS = 1000;

const USER_ID = /^[A-Za-z0-9\-_.:@]{1,128}$/;
const BOOK_ID = /^[1-9][0-9]*$/;
const MAX_INT32 = 2 ** 31 - 1;

/**
 * The handlers of `recommendations.v2.RecommendationService`: validate every field as
 * the v2 contract says (an invalid argument names its field), translate enum values
 * and string ids to the domain's, and the domain's books back to v2 `Book`s.
 * `BatchRecommend` answers each item exactly as `Recommend` would: the same response,
 * or the status `mapError` — the error mapping the server registers these handlers
 * with — makes of the same failure.
 */
export function createV2Handlers(recommender: Recommender, mapError: ErrorMapper): ServiceHandlers<typeof RecommendationService> {
  const recommend = (request: RecommendRequest): MessageInitShape<typeof RecommendResponseSchema> => {
    if (!USER_ID.test(request.userId)) {
      throw DomainError.invalidArgument("user_id", `must be 1 to 128 characters from A-Z a-z 0-9 - _ . : @`);
    }
    const categories = v2Categories(request.categories);
    if (request.pageSize < 0 || request.pageSize > V2_MAX_PAGE_SIZE) {
      throw DomainError.invalidArgument("page_size", `must be between 0 and ${V2_MAX_PAGE_SIZE} (got ${request.pageSize})`);
    }
    if (request.excludeBookIds.length > V2_MAX_EXCLUDED_IDS) {
      throw DomainError.invalidArgument("exclude_book_ids", `must hold at most ${V2_MAX_EXCLUDED_IDS} ids`);
    }
    const excludeBookIds: number[] = [];
    for (let index = 0; index < request.excludeBookIds.length; index += 1) {
      const id = request.excludeBookIds[index] as string;
      if (!BOOK_ID.test(id)) {
        throw DomainError.invalidArgument(`exclude_book_ids[${index}]`, "must be a positive decimal integer without leading zeros");
      }
      const number = id.length <= 10 ? Number(id) : Infinity;
      if (number <= MAX_INT32) excludeBookIds.push(number);
    }
    const result = recommender.recommend({
      userId: request.userId,
      categories,
      limit: request.pageSize === 0 ? V2_DEFAULT_PAGE_SIZE : request.pageSize,
      pageToken: request.pageToken,
      excludeBookIds,
    });
    return {
      recommendations: result.books.map((book) => ({ book: toV2Book(book) })),
      nextPageToken: result.nextPageToken,
    };
  };
  const answer = (request: RecommendRequest): MessageInitShape<typeof BatchRecommendResponseSchema>["result"] => {
    try {
      return { case: "response", value: recommend(request) };
    } catch (error) {
      const failure = mapError(error, RecommendationService.method.batchRecommend);
      return { case: "error", value: { code: failure.code, message: failure.details } };
    }
  };
  return {
    recommend,
    listCategories() {
      return {
        categories: recommender.listCategories().map((summary) => ({
          category: BookCategory[summary.category],
          displayName: summary.displayName,
          bookCount: summary.bookCount,
        })),
      };
    },
    // One request at a time, in order: the next is read once the answer to this one is
    // handed to grpc-js, so the requests read and not yet answered are grpc-js's
    // buffer (16) and this one — within the contract's 64.
    async *batchRecommend(requests) {
      for await (const item of requests) {
        yield { requestId: item.requestId, result: answer(item.request ?? EMPTY_REQUEST) };
      }
    },
  };
}

/** What an item without a request stands for: an empty RecommendRequest. */
const EMPTY_REQUEST = create(RecommendRequestSchema);

/**
 * The distinct categories of a request, in order of first appearance. Each distinct value
 * is checked once, so a request of a million repeated values (a 1 MiB packed field) costs
 * a set lookup per value; an invalid one is reported at its first index.
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
  if (value === BookCategory.UNSPECIFIED || name === undefined || !isCategory(name)) {
    throw DomainError.invalidArgument(`categories[${index}]`, `must be a known category other than BOOK_CATEGORY_UNSPECIFIED (got ${value})`);
  }
  return name;
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
