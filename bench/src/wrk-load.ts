import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "./h2load.js";
import type { HttpLoadOptions } from "./http-load.js";
import { runTool } from "./run-tool.js";

/** wrk's Lua script: `GET /` as another reader each time (cookie `reader=<1…readers>`, round robin). */
function readersScript(readers: number): string {
  return [
    "local n = 0",
    "request = function()",
    `  n = n % ${readers} + 1`,
    '  return wrk.format("GET", "/", { ["Cookie"] = "reader=" .. n })',
    "end",
  ].join("\n");
}

/** A duration as wrk prints it (`812.00us`, `1.23ms`, `2.01s`), in ms. */
export function wrkDurationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as "us" | "ms" | "s" | "m"];
  return Number(match[1]) * scale;
}

/** Throughput, p50/p99 and errors from wrk's `--latency` report. */
export function parseWrkReport(output: string): LoadResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!rps || !p50 || !p99) throw new Error(`unexpected wrk output:\n${output}`);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const errors = (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + Number(non2xx?.[1] ?? 0);
  return { rps: Number(rps[1]), p50Ms: wrkDurationMs(p50[1] as string), p99Ms: wrkDurationMs(p99[1] as string), errors };
}

/**
 * Loads `GET /` with wrk (Debian `wrk`, one thread, `connections` keep-alive
 * connections, each request as another reader), first unmeasured for the warm-up.
 * Closed loop only: wrk has no fixed-rate mode.
 */
export async function runWrk(options: Omit<HttpLoadOptions, "rate">): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "bench-wrk-"));
  try {
    const script = join(dir, "readers.lua");
    writeFileSync(script, readersScript(options.readers));
    const args = (seconds: number): string[] => ["-t1", `-c${options.connections}`, `-d${seconds}s`, "--latency", "-s", script, `${options.url}/`];
    if (options.warmupS > 0) await runTool("wrk", args(options.warmupS));
    return parseWrkReport(await runTool("wrk", args(options.durationS)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
