import type { Metadata } from "@grpc/grpc-js";
import { CLIENT_NAME_KEY } from "@onlinebooks/grpc-es";

/** The label value of callers that name themselves in no way the server can read. */
export const UNKNOWN_CALLER = "(unknown)";
/** The label value of every caller after the first `limit` distinct ones. */
export const OTHER_CALLERS = "(other)";

const MAX_LENGTH = 64;
const UNSAFE = /[^A-Za-z0-9._:/@+-]/g;

/**
 * Who made a call: the `client-name` metadata if the client sent one, else the first
 * product of its `user-agent` (`grpc-python/1.66.1` of `grpc-python/1.66.1 grpc-c/43.0.0
 * (linux; chttp2)`), else {@link UNKNOWN_CALLER}. Characters other than letters, digits and
 * `. _ : / @ + -` become `_`, and the name is cut to 64 characters, so a caller cannot
 * put arbitrary text into a metric label.
 */
export function callerOf(metadata: Metadata): string {
  const named = metadata.get(CLIENT_NAME_KEY)[0];
  const raw = typeof named === "string" && named.trim() !== "" ? named.trim() : firstProduct(metadata.get("user-agent")[0]);
  return raw === undefined ? UNKNOWN_CALLER : raw.slice(0, MAX_LENGTH).replace(UNSAFE, "_");
}

function firstProduct(userAgent: unknown): string | undefined {
  if (typeof userAgent !== "string") return undefined;
  const product = userAgent.trim().split(/\s+/, 1)[0];
  return product === undefined || product === "" ? undefined : product;
}

/**
 * The caller label of a call's metadata ({@link callerOf}), with bounded label values:
 * the first `limit` distinct callers keep their names for the life of the process, every
 * later one is {@link OTHER_CALLERS}. So a flood of invented client names costs at most
 * `limit + 1` series per API.
 */
export function createCallerLabels(limit: number): (metadata: Metadata) => string {
  const known = new Set<string>();
  return (metadata) => {
    const caller = callerOf(metadata);
    if (known.has(caller)) return caller;
    if (known.size >= limit) return OTHER_CALLERS;
    known.add(caller);
    return caller;
  };
}
