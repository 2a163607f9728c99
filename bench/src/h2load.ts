import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quantile } from "@onlinebooks/testkit";
import { runTool } from "./run-tool.js";

/** One load run's throughput and latency. */
export interface LoadResult {
  /** Completed successful calls per second over the measured period. */
  readonly rps: number;
  /** Median latency in milliseconds. */
  readonly p50Ms: number;
  /** 99th percentile latency in milliseconds. */
  readonly p99Ms: number;
  /** Failed calls (transport errors, non-2xx, timeouts). */
  readonly errors: number;
  /** CPU µs per answered request of each measured process (see `withProcessCpu`), in its order. */
  readonly cpuUsPerRequest?: readonly number[];
}

/** Options of {@link runH2load}. */
export interface H2loadOptions {
  /** `http://127.0.0.1:port/service/Method`, or a page's URL with `http1`. */
  readonly url: string;
  /** The framed request body sent with every call; with `http1`, none (GET). */
  readonly body?: Buffer;
  /** HTTP/1.1 GETs (`--h1`, one request at a time per connection) with these header lines instead of gRPC calls. */
  readonly http1?: { readonly headers: readonly string[] };
  /** HTTP/2 connections. */
  readonly connections: number;
  /** Streams in flight per connection. */
  readonly streams: number;
  /** Measured seconds. */
  readonly durationS: number;
  /** Unmeasured seconds first. */
  readonly warmupS: number;
  /** Open-loop rate in calls per second over all connections; closed loop when absent. */
  readonly rate?: number;
}

/**
 * Drives gRPC unary calls with h2load (nghttp2-client): POSTs the framed body with
 * `content-type: application/grpc` and `te: trailers` — or, with `http1`, HTTP/1.1 GETs —
 * and takes throughput from its summary and p50/p99 from its per-request log. h2load
 * does not read gRPC trailers: the caller checks once that the call succeeds with a
 * real client.
 */
export async function runH2load(options: H2loadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "bench-h2load-"));
  try {
    const bodyPath = join(dir, "body.bin");
    const logPath = join(dir, "requests.log");
    if (options.body) writeFileSync(bodyPath, options.body);
    const request = options.http1
      ? ["--h1", ...options.http1.headers.flatMap((header) => ["-H", header])]
      : ["-d", bodyPath, "-H", "content-type: application/grpc", "-H", "te: trailers"];
    const args = [
      "-t", "1",
      "-c", String(options.connections),
      "-m", String(options.streams),
      "-D", String(options.durationS),
      `--warm-up-time=${options.warmupS}`,
      ...request,
      `--log-file=${logPath}`,
      ...(options.rate === undefined ? [] : [`--rps=${Math.max(1, Math.round(options.rate / options.connections))}`]),
      options.url,
    ];
    const output = await runTool("h2load", args);
    const finished = /finished in [\d.]+s, ([\d.]+) req\/s/.exec(output);
    const requests = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(output);
    if (!finished || !requests) throw new Error(`unexpected h2load output:\n${output}`);
    const latencies = readFileSync(logPath, "utf8")
      .split("\n")
      .map((line) => line.split("\t"))
      .filter((fields) => fields[1] === "200")
      .map((fields) => Number(fields[2]) / 1000)
      .sort((a, b) => a - b);
    const [, failed, errored, timeout] = requests.slice(1).map(Number) as [number, number, number, number];
    return {
      rps: Number(finished[1]),
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      errors: failed + errored + timeout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
