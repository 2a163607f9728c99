import { readFile } from "node:fs/promises";
import { createCatalog, type Book, type Catalog } from "./catalog.js";
import { CATEGORIES, isCategory } from "./category.js";

const MAX_INT32 = 2 ** 31 - 1;
const MAX_YEAR = 9999;

/**
 * A catalog file that cannot be used. The message is one line naming the file and the
 * problem, for example `catalog /x.json: books[12].year must be an integer`, fit to
 * print as the reason start-up failed.
 */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
}

/**
 * Reads, validates and indexes a catalog file: JSON `{"books": [{"id", "title",
 * "authors", "year", "category"}, …]}` with at least one book, unique positive int32
 * ids, non-empty title and authors, an integer year (negative before the common era)
 * and a category of {@link CATEGORIES}. Unknown properties are ignored. Rejects with a
 * {@link CatalogError} at the first problem.
 */
export async function loadCatalogFile(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CatalogError(`catalog ${path}: cannot be read (${describe(error)})`, { cause: error });
  }
  return parseCatalog(text, path);
}

/** Validates and indexes catalog JSON text; `path` only names the source in errors. */
export function parseCatalog(text: string, path: string): Catalog {
  const fail = (problem: string): never => {
    throw new CatalogError(`catalog ${path}: ${problem}`);
  };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return fail(`is not valid JSON (${describe(error)})`);
  }
  if (!isRecord(root) || !Array.isArray(root["books"])) return fail(`must be an object with a "books" array`);
  const entries: unknown[] = root["books"];
  if (entries.length === 0) return fail(`"books" must hold at least one book`);
  const books: Book[] = [];
  const indexById = new Map<number, number>();
  entries.forEach((entry, index) => {
    const at = `books[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object`);
    const { id, title, authors, year, category } = entry;
    if (!Number.isInteger(id) || (id as number) < 1 || (id as number) > MAX_INT32) {
      return fail(`${at}.id must be an integer from 1 to ${MAX_INT32}`);
    }
    const previous = indexById.get(id as number);
    if (previous !== undefined) return fail(`${at}.id ${String(id)} is already the id of books[${previous}]`);
    if (typeof title !== "string" || title.trim() === "") return fail(`${at}.title must be a non-empty string`);
    if (!Array.isArray(authors) || authors.length === 0) return fail(`${at}.authors must be a non-empty array`);
    authors.forEach((author: unknown, n) => {
      if (typeof author !== "string" || author.trim() === "") fail(`${at}.authors[${n}] must be a non-empty string`);
    });
    if (!Number.isInteger(year)) return fail(`${at}.year must be an integer`);
    if (Math.abs(year as number) > MAX_YEAR) return fail(`${at}.year must be between -${MAX_YEAR} and ${MAX_YEAR}`);
    if (typeof category !== "string" || !isCategory(category)) {
      return fail(`${at}.category must be one of ${CATEGORIES.join(" ")}`);
    }
    indexById.set(id as number, index);
    books.push({ id: id as number, title, authors: authors as string[], year: year as number, category });
  });
  return createCatalog(books);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
