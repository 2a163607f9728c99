import { createHash } from "node:crypto";
import type { ApiVersion } from "./recommendations-source.js";

/** How readers are spread over the API versions (`RECOMMENDATIONS_API`). */
export type RolloutMode = "v1" | "v2" | "split" | "shadow";

/** The versions to call for one reader: the one that serves, and optionally one to compare. */
export interface RolloutDecision {
  /** The version whose answer the reader sees. */
  readonly primary: ApiVersion;
  /** The other version, called too and compared with `primary` (shadow mode only). */
  readonly shadow: ApiVersion | undefined;
}

/** Options of {@link createRollout}. */
export interface RolloutOptions {
  /** The rollout mode. */
  readonly mode: RolloutMode;
  /** Percentage of readers (0–100) served by v2 in `split` and `shadow` mode. */
  readonly v2Percent: number;
}

/** Decides, per reader, which API version serves the page. */
export interface Rollout {
  /** The decision for reader `userId`; the same reader always gets the same decision. */
  decide(userId: number): RolloutDecision;
}

/**
 * The reader's bucket, 0–99: the first 32 bits of SHA-256 of the decimal user id,
 * modulo 100. Stable across restarts and replicas, so `split` is sticky per reader.
 */
export function rolloutBucket(userId: number): number {
  return createHash("sha256").update(String(userId)).digest().readUInt32BE(0) % 100;
}

/**
 * Creates the rollout policy. `v1` and `v2` serve everyone from that version. `split`
 * serves the readers whose {@link rolloutBucket} is below `v2Percent` from v2, the
 * others from v1. `shadow` picks the serving version the same way as `split` and
 * also calls the other version, to count mismatches without showing its answer.
 */
export function createRollout(options: RolloutOptions): Rollout {
  const { mode, v2Percent } = options;
  if (!Number.isInteger(v2Percent) || v2Percent < 0 || v2Percent > 100) {
    throw new RangeError(`v2Percent must be an integer from 0 to 100, got ${String(v2Percent)}`);
  }
  const decisions: Record<ApiVersion, RolloutDecision> =
    mode === "shadow"
      ? { v1: { primary: "v1", shadow: "v2" }, v2: { primary: "v2", shadow: "v1" } }
      : { v1: { primary: "v1", shadow: undefined }, v2: { primary: "v2", shadow: undefined } };
  if (mode === "v1" || mode === "v2") {
    const everyone = decisions[mode];
    return { decide: () => everyone };
  }
  return { decide: (userId) => decisions[rolloutBucket(userId) < v2Percent ? "v2" : "v1"] };
}
