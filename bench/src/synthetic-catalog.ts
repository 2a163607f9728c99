import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATEGORIES } from "@onlinebooks/ts-recommendations/bench";

/** Book `id` (from 1) of a synthetic catalog, as written in a catalog file: the books are spread over every category. */
function syntheticBook(id: number): object {
  const category = CATEGORIES[id % CATEGORIES.length];
  return { id, title: `Synthetic book ${id}`, authors: [`Author ${id % 1009}`], year: 1800 + (id % 225), category };
}

/** The catalog file text of `count` synthetic books, for parsing in-process. */
export function syntheticCatalogText(count: number): string {
  const parts: string[] = [];
  for (let id = 1; id <= count; id += 1) parts.push(JSON.stringify(syntheticBook(id)));
  return `{"books":[${parts.join(",")}]}`;
}

/** A catalog file in a temporary directory; `remove()` deletes the directory. */
export interface CatalogFile {
  readonly path: string;
  remove(): void;
}

/**
 * Streams a catalog of `count` synthetic books to a temporary file without holding the
 * JSON text in memory (for the service's `CATALOG_PATH` with a million books).
 */
export async function writeSyntheticCatalogFile(count: number): Promise<CatalogFile> {
  const dir = mkdtempSync(join(tmpdir(), "bench-catalog-"));
  const path = join(dir, "catalog.json");
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", () => resolve()));
  await write('{"books":[\n');
  for (let id = 1; id <= count; id += 1) await write(`${id > 1 ? ",\n" : ""}${JSON.stringify(syntheticBook(id))}`);
  await write("\n]}\n");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
