/**
 * `npm run bench:marketplace`: homepage throughput and latency for v1 and v2 over
 * loopback. Starts the real `main.js` of both services as child processes (the
 * embedded catalog, logs at warn), loads `/` with autocannon for a bounded time per
 * version from a pool of readers, and prints req/s, p50/p99 latency and the RPCs each
 * page made. Options: `--duration <s>` (default 10), `--connections <n>` (default 10).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { freePort } from "@onlinebooks/testkit";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const READERS = 1000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 600) throw new Error(`--${name} must be an integer from 1 to 600`);
  return value;
}

function run(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function untilBooks(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const html = await fetch(url, { headers: { cookie: "reader=1" } }).then((r) => r.text()).catch(() => "");
    if (html.includes('class="book-title"')) return;
    await sleep(200);
  }
  throw new Error(`${url} showed no books within 30 s`);
}

async function rpcsPerPage(metricsUrl: string): Promise<{ pages: number; rpcs: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (pattern: RegExp): number =>
    text.split("\n").filter((line) => pattern.test(line)).reduce((total, line) => total + Number(line.split(" ").pop()), 0);
  return {
    pages: sum(/^http_requests_total\{method="GET",route="\/",status="200"\}/),
    rpcs: sum(/^grpc_client_handled_total\{/),
  };
}

async function bench(api: "v1" | "v2", grpcPort: number, duration: number, connections: number) {
  const port = await freePort();
  const marketplace = run("impl/ts-marketplace/dist/main.js", {
    PORT: String(port),
    RECOMMENDATIONS_TARGET: `127.0.0.1:${grpcPort}`,
    RECOMMENDATIONS_API: api,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await untilBooks(`${base}/`);
    let n = 0;
    const requests = [{ method: "GET" as const, path: "/", setupRequest: (request: autocannon.Request) => ({
      ...request,
      headers: { ...request.headers, cookie: `reader=${(n++ % READERS) + 1}` },
    }) }];
    await autocannon({ url: base, connections, duration: 2, requests }); // warm-up
    const before = await rpcsPerPage(`${base}/metrics`);
    const result = await autocannon({ url: base, connections, duration, requests });
    const after = await rpcsPerPage(`${base}/metrics`);
    return {
      api,
      "req/s": Math.round(result.requests.average),
      "p50 ms": result.latency.p50,
      "p99 ms": result.latency.p99,
      "RPCs/page": Number(((after.rpcs - before.rpcs) / Math.max(1, after.pages - before.pages)).toFixed(2)),
      requests: result.requests.total,
      "non-2xx": result.non2xx,
      errors: result.errors + result.timeouts,
    };
  } finally {
    marketplace.kill("SIGTERM");
  }
}

const duration = option("duration", 10);
const connections = option("connections", 10);
const grpcPort = await freePort();
const recommendations = run("impl/ts-recommendations/dist/main.js", { GRPC_PORT: String(grpcPort), METRICS_PORT: "0" });
try {
  const rows = [];
  for (const api of ["v1", "v2"] as const) rows.push(await bench(api, grpcPort, duration, connections));
  process.stdout.write(`homepage GET / over loopback, ${connections} connections, ${duration} s per version\n`);
  console.table(rows);
} finally {
  recommendations.kill("SIGTERM");
}
