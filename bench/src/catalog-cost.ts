/**
 * Child process of the catalog suite: for each catalog size given on the command
 * line, builds a synthetic catalog of that many books (spread over every category),
 * indexes it with the service's own `parseCatalog` and `createRecommender`, and times
 * the domain's `recommend` in-process in CPU time (no network, so the catalog's effect
 * is not drowned in transport noise), alternating between the sizes. Prints one JSON
 * line per size.
 */
import { createRecommender, parseCatalog } from "@onlinebooks/ts-recommendations/bench";
import { median, spread } from "./stats.js";
import { syntheticCatalogText } from "./synthetic-catalog.js";

const ROUNDS = 15;
const CALLS_PER_BATCH = 5_000;
const NOW = Date.UTC(2026, 10, 21);

type Recommender = ReturnType<typeof createRecommender>;

/** The catalog of `size` books and how long parsing and indexing took; the JSON text is garbage once this returns, as in the service. */
function load(size: number): { catalog: ReturnType<typeof parseCatalog>; loadMs: number } {
  const text = syntheticCatalogText(size);
  const started = performance.now();
  const catalog = parseCatalog(text, `synthetic-${size}.json`);
  return { catalog, loadMs: performance.now() - started };
}

/** CPU µs per call of one batch: CPU time of this process, so waiting for a core on a shared machine is not counted. */
function batch(call: (n: number) => unknown, first: number): number {
  const started = process.cpuUsage();
  for (let i = 0; i < CALLS_PER_BATCH; i += 1) call(first + i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / CALLS_PER_BATCH;
}

const SHAPES = {
  // The token is read, as the v2 adapter does (it is signed on first read).
  oneCategory: (recommender: Recommender, n: number) =>
    recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY"], limit: 10 }).nextPageToken,
  homepage: (recommender: Recommender, n: number) =>
    recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"], limit: 24 }).nextPageToken,
};

const sizes = process.argv.slice(2).map(Number);
const loaded = sizes.map((size) => {
  const { catalog, loadMs } = load(size);
  return { size, loadMs, recommender: createRecommender({ catalog, now: () => NOW }) };
});
// Rounds alternate between the catalogs (one batch each), so drift on a shared machine
// hits every size alike; each size's cost is also compared with the first size's
// batch of the same round.
const costs = new Map(sizes.map((size) => [size, { oneCategory: [] as number[], homepage: [] as number[] }]));
let n = 0;
for (let round = 0; round <= ROUNDS; round += 1) {
  for (const shape of ["oneCategory", "homepage"] as const) {
    for (const { size, recommender } of loaded) {
      const us = batch((i) => SHAPES[shape](recommender, i), n);
      n += CALLS_PER_BATCH;
      if (round > 0) costs.get(size)?.[shape].push(us); // round 0 warms the JIT up
    }
  }
}
const base = costs.get(sizes[0] as number);
for (const { size, loadMs } of loaded) {
  const summary = (shape: "oneCategory" | "homepage") => {
    const runs = costs.get(size)?.[shape] ?? [];
    return { us: median(runs), spread: spread(runs), ratio: median(runs.map((us, index) => us / (base?.[shape][index] ?? NaN))) };
  };
  process.stdout.write(`${JSON.stringify({ size, loadMs, oneCategory: summary("oneCategory"), homepage: summary("homepage") })}\n`);
}
