import { fileURLToPath } from "node:url";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { freePort, runClosedLoopLoad, startServiceProcess, type ClosedLoopLoadResult, type ServiceProcess } from "@onlinebooks/testkit";
import { writeLargeCatalogFile } from "../testing/fixture-catalog.js";
import { createHealthClient } from "../testing/ops-clients.js";

/**
 * `npm run bench:recommendations`: for synthetic catalogs of 1k, 100k and 1M books,
 * starts the real service (`main.js`, LOG_LEVEL info, logs discarded) in a child
 * process and drives v1 and v2 `Recommend` calls (10 books, one category, a different
 * reader per call) through the client packages over loopback with 32 calls in flight:
 * 1 s warm-up, 3 s measured per case. Prints calls/s, p50 and p99. Not a test.
 */
const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000, 100_000, 1_000_000];
const LOAD = { concurrency: 32, warmupMs: 1000, durationMs: 3000 };
const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
const V1_CATEGORIES = [v1.BookCategory.MYSTERY, v1.BookCategory.SCIENCE_FICTION, v1.BookCategory.SELF_HELP];
const V2_CATEGORIES = [v2.BookCategory.MYSTERY, v2.BookCategory.HISTORY, v2.BookCategory.ROMANCE, v2.BookCategory.FANTASY];

async function main(): Promise<void> {
  const write = (line: string): boolean => process.stdout.write(`${line}\n`);
  write(`Recommendations benchmark: ${LOAD.concurrency} calls in flight, ${LOAD.durationMs / 1000} s per case, 10 books per call`);
  write(`${"catalog".padStart(9)}  ${"api".padEnd(3)}  ${"calls/s".padStart(8)}  ${"p50 ms".padStart(7)}  ${"p99 ms".padStart(7)}  errors  start-up`);
  for (const size of SIZES) {
    const catalog = await writeLargeCatalogFile(size);
    const port = await freePort();
    const service = startServiceProcess({
      main: MAIN,
      env: { GRPC_PORT: String(port), METRICS_PORT: "0", CATALOG_PATH: catalog.path, LOG_LEVEL: "info" },
      stdout: "ignore",
      stderr: "inherit",
    });
    try {
      const address = `127.0.0.1:${port}`;
      const startupMs = await waitUntilServing(address, service.waitUntil);
      const startup = `${(startupMs / 1000).toFixed(1)} s`;
      const clientV1 = v1.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 });
      const clientV2 = v2.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 });
      const resultV1 = await runClosedLoopLoad(
        (n) => clientV1.recommend({ userId: n, category: V1_CATEGORIES[n % V1_CATEGORIES.length], maxResults: 10 }),
        LOAD,
      );
      write(row(size, "v1", resultV1, startup));
      const resultV2 = await runClosedLoopLoad(
        (n) => clientV2.recommend({ userId: `reader-${n}`, categories: [V2_CATEGORIES[n % V2_CATEGORIES.length] as v2.BookCategory], pageSize: 10 }),
        LOAD,
      );
      write(row(size, "v2", resultV2, startup));
      clientV1.close();
      clientV2.close();
    } finally {
      await service.stop("SIGTERM");
      catalog.remove();
    }
  }
}

function row(size: number, api: string, result: ClosedLoopLoadResult, startup: string): string {
  return [
    size.toLocaleString("en-US").padStart(9),
    api.padEnd(3),
    result.callsPerSecond.toFixed(0).padStart(8),
    result.p50Ms.toFixed(2).padStart(7),
    result.p99Ms.toFixed(2).padStart(7),
    String(result.errors).padStart(6),
    startup.padStart(8),
  ].join("  ");
}

/** Waits (up to 120 s) until the health service says SERVING; resolves with the milliseconds since the spawn. */
async function waitUntilServing(address: string, waitUntil: ServiceProcess["waitUntil"]): Promise<number> {
  const health = createHealthClient(address);
  try {
    return await waitUntil(async () => (await health.check("").catch(() => "")) === "SERVING", { timeoutMs: 120_000, intervalMs: 100 });
  } finally {
    health.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
