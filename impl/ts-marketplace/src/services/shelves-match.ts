import type { Shelf } from "./recommendations-source.js";

/**
 * Whether two answers recommend the same books in the same order, category by category,
 * over the categories both contain. Only ids are compared: v1 has no authors or years.
 */
export function shelvesMatch(a: readonly Shelf[], b: readonly Shelf[]): boolean {
  const other = new Map(b.map((shelf) => [shelf.category.slug, shelf.books.map((book) => book.id)]));
  return a.every((shelf) => {
    const ids = other.get(shelf.category.slug);
    return ids === undefined || (ids.length === shelf.books.length && shelf.books.every((book, i) => book.id === ids[i]));
  });
}
