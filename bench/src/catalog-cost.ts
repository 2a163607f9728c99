/**
 * Child process of the catalog suite: for each catalog size given on the command
 * line, builds a synthetic catalog of that many books (spread over every category),
 * indexes it with the service's own `parseCatalog` and `createRecommender`, and times
 * the domain's `recommend` in-process in CPU time (no network, so the catalog's effect
 * is not drowned in transport noise). Prints one JSON line per size.
 */
import { CATEGORIES, createRecommender, parseCatalog, type Category, type Recommender } from "@onlinebooks/ts-recommendations";
import { median, spread } from "./stats.js";

const BATCHES = 7;
const CALLS_PER_BATCH = 5_000;
const NOW = Date.UTC(2026, 10, 21);

function syntheticCatalogText(count: number): string {
  const parts: string[] = [];
  for (let id = 1; id <= count; id += 1) {
    const category = CATEGORIES[id % CATEGORIES.length] as Category;
    parts.push(JSON.stringify({ id, title: `Synthetic book ${id}`, authors: [`Author ${id % 1009}`], year: 1800 + (id % 225), category }));
  }
  return `{"books":[${parts.join(",")}]}`;
}

/**
 * Median CPU µs per call over the batches, and the batches' spread. CPU time of this
 * process rather than wall time, so that waiting for a core on a shared machine is
 * not counted.
 */
function time(call: (n: number) => unknown): { us: number; spread: number } {
  const perCall: number[] = [];
  let n = 0;
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const started = process.cpuUsage();
    for (let i = 0; i < CALLS_PER_BATCH; i += 1) call(n++);
    const used = process.cpuUsage(started);
    perCall.push((used.user + used.system) / CALLS_PER_BATCH);
  }
  const measured = perCall.slice(1); // the first batch warms the JIT up
  return { us: median(measured), spread: spread(measured) };
}

function measure(recommender: Recommender) {
  // Reading the token, as the v2 adapter does (it is signed on first read).
  const oneCategory = time((n) => recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY"], limit: 10 }).nextPageToken);
  const homepage = time(
    (n) => recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"], limit: 24 }).nextPageToken,
  );
  return { oneCategory, homepage };
}

/** The catalog of `size` books and how long parsing and indexing took; the JSON text is garbage once this returns, as in the service. */
function load(size: number): { catalog: ReturnType<typeof parseCatalog>; loadMs: number } {
  const text = syntheticCatalogText(size);
  const started = performance.now();
  const catalog = parseCatalog(text, `synthetic-${size}.json`);
  return { catalog, loadMs: performance.now() - started };
}

for (const size of process.argv.slice(2).map(Number)) {
  const { catalog, loadMs } = load(size);
  const recommender = createRecommender({ catalog, now: () => NOW });
  process.stdout.write(`${JSON.stringify({ size, loadMs, ...measure(recommender) })}\n`);
}
