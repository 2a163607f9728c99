/**
 * Child process of the catalog suite: for each catalog size given on the command
 * line, builds a synthetic catalog of that many books (spread over every category),
 * indexes it with the service's own `parseCatalog` and `createRecommender`, and times
 * the domain's `recommend` in-process (no network, so the catalog's effect is not
 * drowned in transport noise). Prints one JSON line per size.
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

/** Median µs per call over the batches, and the batches' spread. */
function time(call: (n: number) => unknown): { us: number; spread: number } {
  const perCall: number[] = [];
  let n = 0;
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const started = performance.now();
    for (let i = 0; i < CALLS_PER_BATCH; i += 1) call(n++);
    perCall.push(((performance.now() - started) * 1000) / CALLS_PER_BATCH);
  }
  const measured = perCall.slice(1); // the first batch warms the JIT up
  return { us: median(measured), spread: spread(measured) };
}

function measure(recommender: Recommender) {
  const oneCategory = time((n) => recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY"], limit: 10 }));
  const homepage = time((n) =>
    recommender.recommend({ userId: `reader-${n}`, categories: ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"], limit: 24 }),
  );
  return { oneCategory, homepage };
}

for (const size of process.argv.slice(2).map(Number)) {
  const text = syntheticCatalogText(size);
  const started = performance.now();
  const catalog = parseCatalog(text, `synthetic-${size}.json`);
  const loadMs = performance.now() - started;
  const recommender = createRecommender({ catalog, now: () => NOW });
  process.stdout.write(`${JSON.stringify({ size, loadMs, ...measure(recommender) })}\n`);
}
