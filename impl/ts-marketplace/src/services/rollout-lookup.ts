import { GrpcError, Status } from "@onlinebooks/recommendations-v2";
import type { Logger } from "pino";
import { SITE_CATEGORIES, type SiteCategory } from "../catalog-categories.js";
import type { Metrics } from "../metrics.js";
import type { ApiVersion, RecommendationsSource, Shelf, ShelfQuery } from "./recommendations-source.js";
import type { Rollout, RolloutDecision } from "./rollout.js";
import { shelvesMatch } from "./shelves-match.js";

/** Options of {@link createRolloutLookup}. */
export interface RolloutLookupOptions {
  /** The source of each API version. */
  readonly sources: { readonly v1: RecommendationsSource; readonly v2: RecommendationsSource };
  /** Which version serves which reader. */
  readonly rollout: Rollout;
  /** Deadline of one page's lookup in milliseconds, fallback included. */
  readonly timeoutMs: number;
  /** Where lookups, fallbacks and shadow comparisons are counted. */
  readonly metrics: Metrics;
  /** Where failed lookups are logged. */
  readonly logger: Logger;
}

/** The result of one page's lookup. */
export interface Lookup {
  /** The version that served the page (or was asked, when the lookup failed). */
  readonly api: ApiVersion;
  /** One shelf per requested category, or `undefined` when recommendations are unavailable. */
  readonly shelves: Shelf[] | undefined;
}

/**
 * Looks up the recommendations of pages across the API versions under the rollout
 * policy: the serving version, the v2 → v1 fallback and the shadow comparison. Its
 * `decide` is the rollout policy's.
 */
export interface RolloutLookup extends Rollout {
  /** The site categories `version` can recommend from, in site order. */
  categories(version: ApiVersion): readonly SiteCategory[];
  /**
   * Fills the shelves of `query` for the reader's `decision` (from {@link decide});
   * never rejects: a failure gives `shelves: undefined`.
   */
  lookup(query: ShelfQuery, decision: RolloutDecision): Promise<Lookup>;
  /** Resolves when every shadow call started so far has finished and been counted. */
  settled(): Promise<void>;
}

/**
 * Creates the rollout lookup: it asks the serving version of the rollout, falls back to
 * v1 when v2 answers UNIMPLEMENTED (a server not yet upgraded), bounds the whole
 * lookup by `timeoutMs`, and in shadow mode also asks the other version in the
 * background and counts whether the shelves match (same books, same order, in every
 * category both versions serve). Failures are logged and counted, never thrown.
 */
export function createRolloutLookup(options: RolloutLookupOptions): RolloutLookup {
  const { sources, rollout, timeoutMs, metrics, logger } = options;
  const pending = new Set<Promise<void>>();
  const categoriesOf: Record<ApiVersion, readonly SiteCategory[]> = {
    v1: SITE_CATEGORIES.filter((category) => sources.v1.supports(category)),
    v2: SITE_CATEGORIES.filter((category) => sources.v2.supports(category)),
  };

  async function serve(primary: ApiVersion, query: ShelfQuery): Promise<Lookup> {
    const started = Date.now();
    try {
      return { api: primary, shelves: await sources[primary].shelves(query, { timeoutMs }) };
    } catch (error) {
      if (primary === "v2" && error instanceof GrpcError && error.code === Status.UNIMPLEMENTED) {
        metrics.fallbacks.inc();
        logger.info({ userId: query.userId }, "recommendations v2 is unimplemented, falling back to v1");
        const remainingMs = Math.max(1, timeoutMs - (Date.now() - started));
        return { api: "v1", shelves: await sources.v1.shelves(onlyServed(sources.v1, query), { timeoutMs: remainingMs }) };
      }
      throw error;
    }
  }

  function shadowCompare(primary: ApiVersion, shadow: ApiVersion, query: ShelfQuery, served: Promise<Lookup>): void {
    const shadowQuery = onlyServed(sources[shadow], query);
    if (shadowQuery.categories.length === 0) return; // nothing comparable, e.g. a v2-only category
    const compared = Promise.allSettled([served, sources[shadow].shelves(shadowQuery, { timeoutMs })])
      .then(([mine, theirs]) => {
        if (mine.status === "rejected" || mine.value.api !== primary) return;
        let result = "error";
        if (theirs.status === "fulfilled" && mine.value.shelves) {
          result = shelvesMatch(mine.value.shelves, theirs.value) ? "match" : "mismatch";
        }
        if (result === "mismatch") logger.warn({ userId: query.userId, primary, shadow }, "shadow recommendations differ");
        metrics.shadowComparisons.inc({ primary, result });
      })
      .finally(() => pending.delete(compared));
    pending.add(compared);
  }

  return {
    decide: (userId) => rollout.decide(userId),
    categories: (version) => categoriesOf[version],
    async lookup(query: ShelfQuery, decision: RolloutDecision): Promise<Lookup> {
      const { primary, shadow } = decision;
      const served = serve(primary, query);
      if (shadow !== undefined) shadowCompare(primary, shadow, query, served);
      try {
        const lookup = await served;
        metrics.recommendations.inc({ api: lookup.api, outcome: "ok" });
        return lookup;
      } catch (error) {
        const code = error instanceof GrpcError ? Status[error.code] : undefined;
        const level = code === undefined ? "error" : "warn";
        logger[level]({ err: error, code, api: primary, userId: query.userId }, "recommendations unavailable");
        metrics.recommendations.inc({ api: primary, outcome: "error" });
        return { api: primary, shelves: undefined };
      }
    },
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

function onlyServed(source: RecommendationsSource, query: ShelfQuery): ShelfQuery {
  return { ...query, categories: query.categories.filter((category) => source.supports(category)) };
}
