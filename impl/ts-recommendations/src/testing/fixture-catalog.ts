import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
