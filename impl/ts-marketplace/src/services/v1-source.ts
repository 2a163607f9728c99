import type { RecommendationsClient } from "@onlinebooks/recommendations-v1";
import type { SiteCategory } from "../catalog-categories.js";
import type { RecommendationsSource, Shelf, ShelfQuery, SourceCallOptions } from "./recommendations-source.js";

/** Options of {@link createV1Source}. */
export interface V1SourceOptions {
  /** A `recommendations.v1.Recommendations` client. */
  readonly client: Pick<RecommendationsClient, "recommend">;
}

/**
 * The recommendations.v1 source: one `Recommend` call per category (v1 takes a
 * single category), made in parallel. v1 books carry only an id and a title, so
 * their `authors` are empty and their `year` is undefined.
 */
export function createV1Source(options: V1SourceOptions): RecommendationsSource {
  const { client } = options;
  const supports = (category: SiteCategory): boolean => category.v1 !== undefined;
  return {
    supports,
    async shelves(query: ShelfQuery, call: SourceCallOptions): Promise<Shelf[]> {
      return Promise.all(
        query.categories.map(async (category): Promise<Shelf> => {
          if (category.v1 === undefined) return { category, books: [] };
          const response = await client.recommend(
            { userId: query.userId, category: category.v1, maxResults: query.perCategory },
            { timeoutMs: call.timeoutMs },
          );
          const books = response.recommendations.map((book) => ({
            id: String(book.id),
            title: book.title,
            authors: [],
            year: undefined,
          }));
          return { category, books: books.slice(0, query.perCategory) };
        }),
      );
    },
  };
}
