import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { UserSource } from "./config.js";

/** The readers of a job: how many, and their ids in order (read lazily, however many there are). */
export interface UserIds {
  readonly total: number;
  ids(): AsyncIterable<string>;
}

/**
 * Opens the readers of `source`. A file is read twice, line by line — once to count,
 * once to send — so a file of millions of ids is never held in memory; blank lines and
 * lines starting with `#` are skipped, the rest trimmed. Rejects when the file cannot
 * be read.
 */
export async function openUserIds(source: UserSource): Promise<UserIds> {
  if (source.kind === "range") {
    return {
      total: source.to - source.from + 1,
      async *ids() {
        for (let id = source.from; id <= source.to; id += 1) yield String(id);
      },
    };
  }
  let total = 0;
  for await (const _ of idsInFile(source.path)) total += 1;
  return { total, ids: () => idsInFile(source.path) };
}

async function* idsInFile(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    const id = line.trim();
    if (id !== "" && !id.startsWith("#")) yield id;
  }
}
