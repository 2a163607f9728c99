import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ErrorMapper, GrpcError, RequestValidation, ServiceHandlers } from "@onlinebooks/grpc-es";
import {
  BookCategory,
  BookCategorySchema,
  ErrorReason,
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
const V2_DEFAULT_PAGE_SIZE = 10;

const MAX_INT32 = 2 ** 31 - 1;

/**
 * The handlers of `recommendations.v2.RecommendationService`. The requests of
 * `Recommend` and `ListCategories` have passed the contract's rules (its buf.validate
 * annotations, checked before any handler runs); the handlers translate enum values
 * and string ids to the domain's — a category the catalog does not have fails with
 * reason `UNKNOWN_CATEGORY` — and the domain's books back to v2 `Book`s.
 * `BatchRecommend` answers each item exactly as `Recommend` would: the item's request
 * goes through the same `validation` (the server's one validation step), then the same
 * handling; a failure is answered with the code, message and details of the status that
 * `Recommend` fails with — the error `validation` returns, or what `mapError`, the error
 * mapping the server registers these handlers with, makes of it.
 */
export function createV2Handlers(
  recommender: Recommender,
  mapError: ErrorMapper,
  validation: RequestValidation,
): ServiceHandlers<typeof RecommendationService> {
  const recommend = (request: RecommendRequest): MessageInitShape<typeof RecommendResponseSchema> => {
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
  };
  const answer = (request: RecommendRequest): MessageInitShape<typeof BatchRecommendResponseSchema>["result"] => {
    let failure: GrpcError | undefined = validation.check(RecommendRequestSchema, request);
    if (failure === undefined) {
      try {
        return { case: "response", value: recommend(request) };
      } catch (error) {
        failure = mapError(error, RecommendationService.method.batchRecommend);
      }
    }
    return { case: "error", value: { code: failure.code, message: failure.details, details: [...failure.statusDetails] } };
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
