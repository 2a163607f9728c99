import { createHash } from "node:crypto";
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
 * The books the service recommends from, indexed once per category in catalog order
 * (the order the ranking permutes). Immutable after creation.
 */
export interface Catalog {
  /** Number of books. */
  readonly size: number;
  /** The books of `category`, in catalog order (possibly none). */
  booksIn(category: Category): readonly Book[];
  /**
   * A short digest of which books are in which category and in what order; it changes
   * when a ranking position could name another book, so page tokens of another catalog
   * are refused.
   */
  readonly fingerprint: string;
}

/**
 * Indexes `books` (already validated: unique ids, known categories) into a
 * {@link Catalog}, computing its fingerprint from the per-category lists.
 */
export function createCatalog(books: readonly Book[]): Catalog {
  const byCategory = new Map<Category, Book[]>(CATEGORIES.map((category) => [category, []]));
  for (const book of books) byCategory.get(book.category)?.push(book);
  return {
    size: books.length,
    booksIn: (category) => byCategory.get(category) ?? [],
    fingerprint: fingerprintOf(byCategory),
  };
}

function fingerprintOf(byCategory: ReadonlyMap<Category, readonly Book[]>): string {
  const hash = createHash("sha256");
  for (const category of CATEGORIES) {
    hash.update(category);
    hash.update(Uint32Array.from(byCategory.get(category) ?? [], (book) => book.id));
  }
  return hash.digest("base64url").slice(0, 16);
}
