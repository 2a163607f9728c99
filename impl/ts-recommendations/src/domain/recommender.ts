import type { Book, Catalog } from "./catalog.js";
import { CATEGORIES, CATEGORY_DISPLAY_NAMES, type Category } from "./category.js";
import { DomainError, INVALID_PAGE_TOKEN } from "./domain-error.js";
import { decodePageToken, encodePageToken, type PageState, type PageTokenScope } from "./page-token.js";
import { rankPage } from "./ranking.js";

/** A request for one page of recommendations, already validated by an adapter. */
export interface RecommendQuery {
  /** The reader (v1 readers are their number in decimal). */
  readonly userId: string;
  /** The categories; duplicates count once; empty means every category. */
  readonly categories: readonly Category[];
  /** The most books to return (≥ 0). */
  readonly limit: number;
  /** Empty for the first page, otherwise a `nextPageToken` of the same query. */
  readonly pageToken?: string;
  /** Ids of books never to return; ids of unknown books are ignored. */
  readonly excludeBookIds?: readonly number[];
}

/** One page of recommendations. */
export interface RecommendResult {
  /** Best first, never a book of an earlier page of the same query. */
  readonly books: readonly Book[];
  /** The token of the next page; empty when this page is the last. */
  readonly nextPageToken: string;
}

/** A category, its display name and how many books it has. */
export interface CategorySummary {
  readonly category: Category;
  readonly displayName: string;
  readonly bookCount: number;
}

/** The domain core: recommendations and categories over one catalog, with no transport in sight. */
export interface Recommender {
  /** One page of recommendations; throws a {@link DomainError} for a bad page token. */
  recommend(query: RecommendQuery): RecommendResult;
  /** Every category, in {@link CATEGORIES} order, with its book count. */
  listCategories(): CategorySummary[];
}

/** Options of {@link createRecommender}. */
export interface RecommenderOptions {
  readonly catalog: Catalog;
  /** The current time in milliseconds since the epoch; `Date.now` by default. */
  readonly now?: () => number;
}

const DAY_MS = 86_400_000;

/**
 * Creates the domain core over a catalog. Answers are a function of (user, query,
 * catalog, UTC day); paging state lives only in the tokens, so any replica with the
 * same catalog serves any page, and a query continued across midnight keeps the day
 * its first page was ranked on.
 */
export function createRecommender(options: RecommenderOptions): Recommender {
  const { catalog } = options;
  const now = options.now ?? Date.now;
  const summaries = CATEGORIES.map((category) => ({
    category,
    displayName: CATEGORY_DISPLAY_NAMES[category],
    bookCount: catalog.booksIn(category).length,
  }));
  return {
    recommend(query) {
      const categories: readonly Category[] = query.categories.length === 0 ? CATEGORIES : [...new Set(query.categories)].sort();
      const excluded = new Set(query.excludeBookIds ?? []);
      const exclude = [...excluded].sort((a, b) => a - b);
      const scope: PageTokenScope = { userId: query.userId, categories, exclude, catalogFingerprint: catalog.fingerprint };
      const state = query.pageToken ? decodePageToken(query.pageToken, scope) : undefined;
      const day = state?.day ?? Math.floor(now() / DAY_MS);
      let page;
      try {
        page = rankPage(catalog, { userId: query.userId, categories, day, exclude: excluded, limit: query.limit, cursor: state?.cursor });
      } catch (error) {
        if (error instanceof RangeError && state) throw DomainError.invalidArgument(INVALID_PAGE_TOKEN, "page_token", "does not fit this request");
        throw error;
      }
      return new LazyTokenResult(page.books, page.next && { day, cursor: page.next }, scope);
    },
    listCategories: () => summaries.map((summary) => ({ ...summary })),
  };
}

/**
 * A result whose page token is signed only when read: v1 and the legacy path never
 * page, and the MAC is the largest part of a call's cost in the domain.
 */
class LazyTokenResult implements RecommendResult {
  readonly #next: PageState | undefined;
  readonly #scope: PageTokenScope;
  #token: string | undefined;

  constructor(
    readonly books: readonly Book[],
    next: PageState | undefined,
    scope: PageTokenScope,
  ) {
    this.#next = next;
    this.#scope = scope;
  }

  get nextPageToken(): string {
    this.#token ??= this.#next ? encodePageToken(this.#next, this.#scope) : "";
    return this.#token;
  }
}
