import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServiceProcess } from "@onlinebooks/testkit";
import type { BenchRow } from "./bench-row.js";
import { catalogServiceRows } from "./catalog-service-rows.js";
import { TARGETS, type BenchSettings } from "./settings.js";

/** The catalog sizes of issue 8. */
const CATALOG_SIZES = [1_000, 100_000, 1_000_000];

interface SizeResult {
  readonly size: number;
  readonly loadMs: number;
  readonly oneCategory: { us: number; spread: number; ratio: number };
  readonly homepage: { us: number; spread: number; ratio: number };
}

/**
 * Recommend cost on catalogs of 1k, 100k and 1M synthetic books, measured in a child
 * process (`catalog-cost.js`) so the large catalogs' memory is freed afterwards; each
 * cost is also given relative to the 1k cost of the same round (target: 1M within 1.5×).
 * Then the real service on each catalog, end to end: start-up and calls/s through the
 * client packages.
 */
export async function catalogSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const results = await runCostProcess(CATALOG_SIZES);
  const base = results[0];
  if (base === undefined) throw new Error("catalog-cost printed nothing");
  const rows: BenchRow[] = [];
  for (const shape of ["oneCategory", "homepage"] as const) {
    const label = shape === "oneCategory" ? "recommend 10 books, 1 category" : "recommend 24 books, 3 categories";
    for (const result of results) {
      const { ratio } = result[shape];
      const isLargest = result.size === CATALOG_SIZES[CATALOG_SIZES.length - 1];
      rows.push({
        group: "catalog",
        name: `${label}, ${result.size.toLocaleString("en-US")} books`,
        value: result[shape].us,
        unit: "µs/call",
        ratio,
        spread: result[shape].spread,
        ...(isLargest ? { target: { text: `≤ ${TARGETS.catalogCostRatio}× the 1k cost`, met: ratio <= TARGETS.catalogCostRatio, ratio: TARGETS.catalogCostRatio } } : {}),
      });
    }
  }
  for (const result of results) {
    rows.push({ group: "catalog", name: `parse and index ${result.size.toLocaleString("en-US")} books`, value: result.loadMs, unit: "ms" });
  }
  rows.push(...(await catalogServiceRows(CATALOG_SIZES, settings)));
  return rows;
}

/** Runs `catalog-cost.js` on `sizes` (with this process's whole environment) and parses the JSON line it prints per size. */
async function runCostProcess(sizes: readonly number[]): Promise<SizeResult[]> {
  const child = startServiceProcess({
    main: join(dirname(fileURLToPath(import.meta.url)), "catalog-cost.js"),
    args: sizes.map(String),
    nodeOptions: ["--max-old-space-size=4096"],
    inheritEnv: Object.keys(process.env),
    stderr: "inherit",
  });
  const code = await child.exited;
  if (code !== 0) throw new Error(`catalog-cost exited with ${String(code)}`);
  return child.stdout.map((line) => JSON.parse(line) as SizeResult);
}
