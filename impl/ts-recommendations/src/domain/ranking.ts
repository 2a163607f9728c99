import type { Book, Catalog } from "./catalog.js";
import type { Category } from "./category.js";
import { seedKey } from "./hash.js";
import { createPermutation, type Permutation } from "./permutation.js";

/** Where a ranking stopped: the next position in each category's sequence and whose turn it is. */
export interface RankingCursor {
  /** One position per category of the query, in the query's order. */
  readonly positions: readonly number[];
  /** Index into the turn order of the category that gives the next book. */
  readonly turn: number;
}

/** One page of a reader's ranking. */
export interface RankingQuery {
  /** The reader. */
  readonly userId: string;
  /** Sorted, distinct, non-empty. */
  readonly categories: readonly Category[];
  /** Days since the Unix epoch (UTC): the rotation window. */
  readonly day: number;
  /** Ids of books never to return. */
  readonly exclude: ReadonlySet<number>;
  /** The most books to return. */
  readonly limit: number;
  /** Where the previous page stopped; the start when absent. */
  readonly cursor?: RankingCursor | undefined;
}

/** The books of one page and, unless the ranking is exhausted, where the next page starts. */
export interface RankedPage {
  readonly books: Book[];
  readonly next: RankingCursor | undefined;
}

/**
 * Ranks books for a reader. Each category has its own sequence: a pseudo-random
 * permutation of its books keyed by (day, user, category), so one category asked
 * through v1 or v2 gives the same books in the same order. Several categories take
 * turns in an order keyed by (day, user, categories); an exhausted category drops out.
 * Excluded books are skipped. The cost is proportional to the books returned (plus
 * excluded books skipped), not to the catalog's size.
 */
export function rankPage(catalog: Catalog, query: RankingQuery): RankedPage {
  const { categories, cursor } = query;
  if (categories.length === 0) throw new RangeError("a ranking needs at least one category");
  if (cursor && !isCursorOf(cursor, catalog, categories)) throw new RangeError("cursor does not fit this query");
  const streams = categories.map((category, index) =>
    createStream(catalog.booksIn(category), sequenceKey(query, category), cursor?.positions[index] ?? 0, query.exclude),
  );
  const order = turnOrder(query);
  const books: Book[] = [];
  let turn = cursor?.turn ?? 0;
  while (books.length < query.limit) {
    let offset = 0;
    while (offset < order.length && (streams[order[(turn + offset) % order.length] as number] as Stream).current === undefined) offset += 1;
    if (offset === order.length) break;
    const stream = streams[order[(turn + offset) % order.length] as number] as Stream;
    books.push(stream.take());
    turn = (turn + offset + 1) % order.length;
  }
  const exhausted = streams.every((stream) => stream.current === undefined);
  return { books, next: exhausted ? undefined : { positions: streams.map((stream) => stream.position), turn } };
}

interface Stream {
  /** The next book to give (never an excluded one), or undefined when exhausted. */
  readonly current: Book | undefined;
  readonly position: number;
  take(): Book;
}

function createStream(books: readonly Book[], key: Uint32Array, start: number, exclude: ReadonlySet<number>): Stream {
  const permutation: Permutation = createPermutation(books.length, key);
  let position = start;
  let current: Book | undefined;
  const settle = (): void => {
    current = undefined;
    while (position < books.length) {
      const book = books[permutation.at(position)] as Book;
      if (!exclude.has(book.id)) {
        current = book;
        return;
      }
      position += 1;
    }
  };
  settle();
  return {
    get current() {
      return current;
    },
    get position() {
      return position;
    },
    take() {
      const book = current as Book;
      position += 1;
      settle();
      return book;
    },
  };
}

function isCursorOf(cursor: RankingCursor, catalog: Catalog, categories: readonly Category[]): boolean {
  return (
    cursor.positions.length === categories.length &&
    Number.isInteger(cursor.turn) &&
    cursor.turn >= 0 &&
    cursor.turn < categories.length &&
    cursor.positions.every(
      (position, index) =>
        Number.isInteger(position) && position >= 0 && position <= catalog.booksIn(categories[index] as Category).length,
    )
  );
}

/** The order in which the query's categories take turns (indexes into `categories`). */
function turnOrder(query: RankingQuery): number[] {
  const count = query.categories.length;
  if (count === 1) return [0];
  const permutation = createPermutation(count, seedKey("turns", query.day, query.userId, query.categories.join(",")));
  return Array.from({ length: count }, (_, index) => permutation.at(index));
}

function sequenceKey(query: RankingQuery, category: Category): Uint32Array {
  return seedKey("sequence", query.day, query.userId, category);
}
