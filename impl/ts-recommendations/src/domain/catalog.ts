import { CATEGORIES, type Category } from "./category.js";

/** A published book of the catalog. */
export interface Book {
  /** Unique positive id that fits an int32 (v1 carries it as int32); 1–9 are the original nine. */
  readonly id: number;
  /** The title, as published. */
  readonly title: string;
  /** The authors, in cover order; at least one. */
  readonly authors: readonly string[];
  /** Year of first publication; negative before the common era, 0 when unknown. */
  readonly year: number;
  /** The book's category. */
  readonly category: Category;
}

/**
 * The books the service recommends from, indexed once: by id, and per category in
 * catalog order (the order the ranking permutes). Immutable after creation.
 */
export interface Catalog {
  /** Number of books. */
  readonly size: number;
  /** The books of `category`, in catalog order (possibly none). */
  booksIn(category: Category): readonly Book[];
  /** The book with this id, if any. */
  byId(id: number): Book | undefined;
  /**
   * A short digest of which books are in which category and in what order; it changes
   * when a ranking position could name another book, so page tokens of another catalog
   * are refused.
   */
  readonly fingerprint: string;
}

/**
 * Indexes `books` (already validated: unique ids, known categories) into a
 * {@link Catalog}. `fingerprint` is computed by the caller from the same data.
 */
export function createCatalog(books: readonly Book[], fingerprint: string): Catalog {
  const byCategory = new Map<Category, Book[]>(CATEGORIES.map((category) => [category, []]));
  const byId = new Map<number, Book>();
  for (const book of books) {
    byCategory.get(book.category)?.push(book);
    byId.set(book.id, book);
  }
  return {
    size: books.length,
    booksIn: (category) => byCategory.get(category) ?? [],
    byId: (id) => byId.get(id),
    fingerprint,
  };
}
