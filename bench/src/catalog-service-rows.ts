import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import type { BenchRow } from "./bench-row.js";
import { runClientLoad } from "./client-load.js";
import type { LoadResult } from "./h2load.js";
import { startRecommendations, stopProcess } from "./services.js";
import type { BenchSettings } from "./settings.js";
import { writeSyntheticCatalogFile } from "./synthetic-catalog.js";

/** The TypeScript clients: 32 calls in flight. */
const CONCURRENCY = 32;
const V1_CATEGORIES = [v1.BookCategory.MYSTERY, v1.BookCategory.SCIENCE_FICTION, v1.BookCategory.SELF_HELP];
const V2_CATEGORIES = [v2.BookCategory.MYSTERY, v2.BookCategory.HISTORY, v2.BookCategory.ROMANCE, v2.BookCategory.FANTASY];

/** One catalog size, end to end. */
interface SizeRun {
  readonly size: number;
  readonly startupMs: number;
  readonly v1: LoadResult;
  readonly v2: LoadResult;
}

/**
 * The real service end to end on synthetic catalogs of each of `sizes`: its start-up
 * with that catalog (spawn → port open: catalog parsed and indexed), then v1 and v2
 * `Recommend` through the client packages (10 books of one category, a new reader per
 * call, 32 calls in flight), one warm-up + measured run each.
 */
export async function catalogServiceRows(sizes: readonly number[], settings: BenchSettings): Promise<BenchRow[]> {
  const runs: SizeRun[] = [];
  for (const size of sizes) runs.push(await runSize(size, settings));
  const books = (size: number): string => `${size.toLocaleString("en-US")} books`;
  const loadRow = (api: "v1" | "v2", run: SizeRun): BenchRow => ({
    group: "catalog",
    name: `${api} Recommend (TS client), ${books(run.size)}`,
    value: run[api].rps,
    unit: "calls/s",
    p50Ms: run[api].p50Ms,
    p99Ms: run[api].p99Ms,
    errors: run[api].errors,
  });
  return [
    ...(["v1", "v2"] as const).flatMap((api) => runs.map((run) => loadRow(api, run))),
    ...runs.map((run): BenchRow => ({ group: "catalog", name: `recommendations start-up, ${books(run.size)}`, value: run.startupMs, unit: "ms" })),
  ];
}

async function runSize(size: number, settings: BenchSettings): Promise<SizeRun> {
  const catalog = await writeSyntheticCatalogFile(size);
  try {
    const started = performance.now();
    const service = await startRecommendations({ CATALOG_PATH: catalog.path });
    const startupMs = performance.now() - started;
    const address = `127.0.0.1:${service.port}`;
    const clientV1 = v1.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 });
    const clientV2 = v2.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 });
    try {
      const load = { concurrency: CONCURRENCY, ...settings };
      const resultV1 = await runClientLoad((n) => clientV1.recommend({ userId: n, category: V1_CATEGORIES[n % V1_CATEGORIES.length], maxResults: 10 }), load);
      const resultV2 = await runClientLoad(
        (n) => clientV2.recommend({ userId: `reader-${n}`, categories: [V2_CATEGORIES[n % V2_CATEGORIES.length] as v2.BookCategory], pageSize: 10 }),
        load,
      );
      return { size, startupMs, v1: resultV1, v2: resultV2 };
    } finally {
      clientV1.close();
      clientV2.close();
      await stopProcess(service);
    }
  } finally {
    catalog.remove();
  }
}
