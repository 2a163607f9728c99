import type { Book, RecommendationsClient } from "@onlinebooks/recommendations-v2";
import type { SiteCategory } from "../catalog-categories.js";
import type { BookView, RecommendationsSource, Shelf, ShelfQuery, SourceCallOptions } from "./recommendations-source.js";

/** Options of {@link createV2Source}. */
export interface V2SourceOptions {
  /** A `recommendations.v2.RecommendationService` client. */
  readonly client: Pick<RecommendationsClient, "recommend">;
}

const MAX_PAGE_SIZE = 100;
/** The most pages one lookup may read when the first leaves a category short. */
const MAX_PAGES = 3;

/**
 * The recommendations.v2 source: one `Recommend` call for all categories of a page
 * (v2 takes several), grouped into shelves. The first page asks for twice the books
 * needed so that an uneven mix across categories still fills every shelf; only when a
 * shelf is still short does it follow `next_page_token`, up to 3 pages.
 */
export function createV2Source(options: V2SourceOptions): RecommendationsSource {
  const { client } = options;
  return {
    supports: () => true,
    async shelves(query: ShelfQuery, call: SourceCallOptions): Promise<Shelf[]> {
      const started = Date.now();
      const byCategory = new Map<number, BookView[]>(query.categories.map((c) => [c.v2, []]));
      const wanted = query.perCategory * query.categories.length;
      const pageSize = Math.min(MAX_PAGE_SIZE, query.categories.length === 1 ? wanted : wanted * 2);
      let pageToken = "";
      for (let page = 0; page < MAX_PAGES && wanted > 0; page += 1) {
        const timeoutMs = Math.max(1, call.timeoutMs - (Date.now() - started));
        const response = await client.recommend(
          { userId: String(query.userId), categories: query.categories.map((c) => c.v2), pageSize, pageToken },
          { timeoutMs },
        );
        for (const { book } of response.recommendations) {
          const shelf = book && byCategory.get(book.category);
          if (book && shelf && shelf.length < query.perCategory) shelf.push(toView(book));
        }
        pageToken = response.nextPageToken;
        if (pageToken === "" || isFull(byCategory, query.perCategory)) break;
      }
      return query.categories.map((category: SiteCategory) => ({ category, books: byCategory.get(category.v2) ?? [] }));
    },
  };
}

function isFull(byCategory: Map<number, BookView[]>, perCategory: number): boolean {
  return [...byCategory.values()].every((books) => books.length >= perCategory);
}

function toView(book: Book): BookView {
  return {
    id: book.id,
    title: book.title,
    authors: [...book.authors],
    year: book.publishedYear === 0 ? undefined : book.publishedYear,
  };
}
