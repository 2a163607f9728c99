import { expect } from "chai";
import { GrpcError, Status } from "@onlinebooks/recommendations-v2";
import { HOMEPAGE_CATEGORIES, findCategory } from "../catalog-categories.js";
import { createMetrics, type Metrics } from "../metrics.js";
import { silentLogger } from "../testing/fixtures.js";
import { createRolloutLookup, type Lookup, type RolloutLookup } from "./rollout-lookup.js";
import type { ApiVersion, RecommendationsSource, Shelf, ShelfQuery, SourceCallOptions } from "./recommendations-source.js";
import { createRollout, type RolloutMode } from "./rollout.js";

type Behaviour = (query: ShelfQuery, options: SourceCallOptions) => Promise<Shelf[]>;

function fakeSource(version: ApiVersion, behaviour: Behaviour): RecommendationsSource & { calls: SourceCallOptions[] } {
  const calls: SourceCallOptions[] = [];
  return {
    calls,
    supports: (category) => version === "v2" || category.v1 !== undefined,
    shelves(query, options) {
      calls.push(options);
      return behaviour(query, options);
    },
  };
}

const books = (prefix: string): Behaviour => async (query) =>
  query.categories.map((category) => ({
    category,
    books: [1, 2].map((n) => ({ id: `${prefix}${category.slug}${n}`, title: `Book ${n}`, authors: [], year: undefined })),
  }));
const failing = (code: Status): Behaviour => () => Promise.reject(new GrpcError(code, "boom"));

async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

function setup(mode: RolloutMode, v1: Behaviour, v2: Behaviour, v2Percent = 0) {
  const metrics = createMetrics();
  const sources = { v1: fakeSource("v1", v1), v2: fakeSource("v2", v2) };
  const rolloutLookup = createRolloutLookup({
    sources,
    rollout: createRollout({ mode, v2Percent }),
    timeoutMs: 400,
    metrics,
    logger: silentLogger,
  });
  return { metrics, sources, rolloutLookup };
}

/** Looks `query` up under the rollout's decision for its reader, as the pages do. */
function lookUp(rolloutLookup: RolloutLookup, query: ShelfQuery): Promise<Lookup> {
  return rolloutLookup.lookup(query, rolloutLookup.decide(query.userId));
}

const query: ShelfQuery = { userId: 42, categories: HOMEPAGE_CATEGORIES, perCategory: 2 };

describe("createRolloutLookup", () => {
  it("serves from the rollout's version and counts the lookup per version", async () => {
    const { metrics, rolloutLookup } = setup("v2", books("a"), books("b"));
    const lookup = await lookUp(rolloutLookup, query);
    expect(lookup.api).to.equal("v2");
    expect(lookup.shelves?.map((s) => s.books[0]?.id)).to.deep.equal(["bmystery1", "bscience-fiction1", "bself-help1"]);
    expect(await sample(metrics, "marketplace_recommendations_total", { api: "v2", outcome: "ok" })).to.equal(1);
  });

  it("passes the page's deadline to the source", async () => {
    const { sources, rolloutLookup } = setup("v1", books("a"), books("b"));
    await lookUp(rolloutLookup, query);
    expect(sources.v1.calls).to.deep.equal([{ timeoutMs: 400 }]);
  });

  it("falls back to v1 when v2 answers UNIMPLEMENTED, and says so", async () => {
    const { metrics, rolloutLookup } = setup("v2", books("a"), failing(Status.UNIMPLEMENTED));
    const lookup = await lookUp(rolloutLookup, query);
    expect(lookup.api).to.equal("v1");
    expect(lookup.shelves?.[0]?.books[0]?.id).to.equal("amystery1");
    expect(await sample(metrics, "marketplace_recommendations_fallbacks_total")).to.equal(1);
    expect(await sample(metrics, "marketplace_recommendations_total", { api: "v1", outcome: "ok" })).to.equal(1);
  });

  it("does not fall back on other errors: the page gets no shelves and the error is counted", async () => {
    const { metrics, sources, rolloutLookup } = setup("v2", books("a"), failing(Status.UNAVAILABLE));
    const lookup = await lookUp(rolloutLookup, query);
    expect(lookup).to.deep.equal({ api: "v2", shelves: undefined });
    expect(sources.v1.calls).to.have.length(0);
    expect(await sample(metrics, "marketplace_recommendations_total", { api: "v2", outcome: "error" })).to.equal(1);
  });

  it("never rejects, also on an unexpected error", async () => {
    const { rolloutLookup } = setup("v1", () => Promise.reject(new TypeError("bug")), books("b"));
    expect(await lookUp(rolloutLookup, query)).to.deep.equal({ api: "v1", shelves: undefined });
  });

  it("in shadow mode serves the primary and counts a match", async () => {
    const { metrics, rolloutLookup } = setup("shadow", books("same"), books("same"));
    const lookup = await lookUp(rolloutLookup, query);
    await rolloutLookup.settled();
    expect(lookup.api).to.equal("v1");
    expect(await sample(metrics, "marketplace_shadow_comparisons_total", { primary: "v1", result: "match" })).to.equal(1);
  });

  it("in shadow mode counts a mismatch without changing what the reader sees", async () => {
    const { metrics, rolloutLookup } = setup("shadow", books("a"), books("b"));
    const lookup = await lookUp(rolloutLookup, query);
    await rolloutLookup.settled();
    expect(lookup.shelves?.[0]?.books[0]?.id).to.equal("amystery1");
    expect(await sample(metrics, "marketplace_shadow_comparisons_total", { primary: "v1", result: "mismatch" })).to.equal(1);
  });

  it("in shadow mode counts a failing shadow as an error and still serves", async () => {
    const { metrics, rolloutLookup } = setup("shadow", books("a"), failing(Status.INTERNAL));
    const lookup = await lookUp(rolloutLookup, query);
    await rolloutLookup.settled();
    expect(lookup.shelves).to.have.length(3);
    expect(await sample(metrics, "marketplace_shadow_comparisons_total", { primary: "v1", result: "error" })).to.equal(1);
  });

  it("in shadow mode does not compare a category only the primary serves", async () => {
    const fantasy = findCategory("fantasy");
    if (!fantasy) throw new Error("fantasy is a site category");
    const { metrics, sources, rolloutLookup } = setup("shadow", books("a"), books("b"), 100);
    const lookup = await lookUp(rolloutLookup, { userId: 3, categories: [fantasy], perCategory: 2 });
    await rolloutLookup.settled();
    expect(lookup.api).to.equal("v2");
    expect(sources.v1.calls).to.have.length(0);
    expect((await metrics.shadowComparisons.get()).values.filter((sample) => sample.value > 0)).to.deep.equal([]);
  });

  it("tells which categories the reader's version serves", () => {
    const fantasy = findCategory("fantasy");
    if (!fantasy) throw new Error("fantasy is a site category");
    const serves = (mode: RolloutMode, userId: number): boolean => {
      const { rolloutLookup } = setup(mode, books("a"), books("b"));
      return rolloutLookup.categories(rolloutLookup.decide(userId).primary).includes(fantasy);
    };
    expect(serves("v1", 1)).to.equal(false);
    expect(serves("v2", 1)).to.equal(true);
  });
});
