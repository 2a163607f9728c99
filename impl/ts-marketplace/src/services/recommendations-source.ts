import type { SiteCategory } from "../catalog-categories.js";

/** A version of the Recommendations API the marketplace can call. */
export type ApiVersion = "v1" | "v2";

/** A recommended book as the pages show it; v1 books have no authors and no year. */
export interface BookView {
  /** The book id, in decimal (v1's int32 id written out, v2's string id as is). */
  readonly id: string;
  /** The title as published. */
  readonly title: string;
  /** The authors in cover order; empty when the API version does not say (v1). */
  readonly authors: readonly string[];
  /** The year of first publication; `undefined` when unknown or not given (v1). */
  readonly year: number | undefined;
}

/** The books recommended in one category. */
export interface Shelf {
  /** The category. */
  readonly category: SiteCategory;
  /** The books, best first. */
  readonly books: readonly BookView[];
}

/** What the pages ask for: a reader, the categories, and how many books per category. */
export interface ShelfQuery {
  /** The reader: a positive int32, the same number on v1 and (in decimal) on v2. */
  readonly userId: number;
  /** The categories to fill, in page order. */
  readonly categories: readonly SiteCategory[];
  /** The most books per category. */
  readonly perCategory: number;
}

/** Per-request call options: the deadline of the whole lookup. */
export interface SourceCallOptions {
  /** Milliseconds left for the lookup; every RPC it makes gets at most this deadline. */
  readonly timeoutMs: number;
}

/**
 * One downstream API version behind the interface the pages use. An implementation
 * makes as few RPCs as its version allows and rejects with the client's `GrpcError`
 * when a call fails.
 */
export interface RecommendationsSource {
  /** Whether this version can recommend from `category`. */
  supports(category: SiteCategory): boolean;
  /** Recommends books for every category of `query`, one shelf per category in order. */
  shelves(query: ShelfQuery, options: SourceCallOptions): Promise<Shelf[]>;
}
