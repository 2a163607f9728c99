import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCatalog } from "../domain/catalog-file.js";
import type { Catalog } from "../domain/catalog.js";
import { CATEGORIES, type Category } from "../domain/category.js";

/** A catalog entry as written to a catalog file. */
export interface FixtureBook {
  id: number;
  title: string;
  authors: string[];
  year: number;
  category: string;
}

/** A catalog file in a temporary directory; `remove()` deletes the directory. */
export interface FixtureFile {
  readonly path: string;
  remove(): void;
}

/** Synthetic books: `count` per listed category, ids from 1, titles naming id and category. */
export function syntheticBooks(perCategory: Partial<Record<Category, number>>): FixtureBook[] {
  const books: FixtureBook[] = [];
  for (const category of CATEGORIES) {
    for (let n = 0; n < (perCategory[category] ?? 0); n += 1) {
      const id = books.length + 1;
      books.push({ id, title: `Book ${id} (${category})`, authors: [`Author ${id % 97}`], year: 1900 + (id % 120), category });
    }
  }
  return books;
}

/** A catalog of {@link syntheticBooks}, parsed as a catalog file is. */
export function catalogOf(perCategory: Partial<Record<Category, number>>): Catalog {
  return parseCatalog(JSON.stringify({ books: syntheticBooks(perCategory) }), "fixture.json");
}

/** Writes `content` (a catalog object, or raw text) as a catalog file. */
export function writeCatalogFile(content: { books: unknown[] } | string): FixtureFile {
  const dir = mkdtempSync(join(tmpdir(), "recs-catalog-"));
  const path = join(dir, "catalog.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Streams a catalog of `count` synthetic books spread over every category to a
 * temporary file, without holding the JSON text in memory (for 1M-book benchmarks).
 */
export async function writeLargeCatalogFile(count: number): Promise<FixtureFile> {
  const dir = mkdtempSync(join(tmpdir(), "recs-catalog-"));
  const path = join(dir, "catalog.json");
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", () => resolve()));
  await write('{"books":[\n');
  for (let id = 1; id <= count; id += 1) {
    const category = CATEGORIES[id % CATEGORIES.length] as Category;
    const book = { id, title: `Synthetic book ${id}`, authors: [`Author ${id % 1009}`], year: 1800 + (id % 225), category };
    await write(`${id > 1 ? ",\n" : ""}${JSON.stringify(book)}`);
  }
  await write("\n]}\n");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
