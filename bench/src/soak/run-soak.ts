/**
 * `npm run soak`: a long run against real processes on loopback, never part of `npm test`.
 * Starts the Recommendations `main.js` and the marketplace `main.js` (split rollout, 50 %
 * of readers on v2, production log level), warms both up, then drives at least 400 000
 * RPCs straight at the service (every API) and 50 000 marketplace pages at the same
 * time, printing progress every 5 s. Then SIGTERM to the marketplace, and to the
 * service while 64 RPCs are in flight (every call must end OK or UNAVAILABLE), and a
 * summary table: calls (also those the pages made), errors, latency, RSS of each
 * process after warm-up and at the end, drain times. Exits 1 on any error, any exit code other than 0, or RSS growth
 * above the bound. Options: `--rpcs <n>`, `--pages <n>`, `--max-rss-growth-mib <n>`,
 * `--page-deadline-ms <n>` (the marketplace's RECOMMENDATIONS_TIMEOUT_MS, default 5000:
 * the soak looks for errors and leaks, not latency, on a machine whose cores the load
 * generator shares with both services; a page that still shows the notice counts as an
 * error). Ctrl-C stops both services.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startMarketplaceProcess, startRecommendationsProcess, type ListeningProcess, type StartOptions } from "@onlinebooks/testkit";
import { createLoadStats, type LoadStats } from "./load-stats.js";
import { runPageLoad } from "./page-load.js";
import { runRpcLoad } from "./rpc-load.js";

const MiB = 1024 * 1024;
/** Both services: logs (one line per call and page) discarded, errors passed through. */
const SOAK_PROCESS: StartOptions = { stdout: "ignore", stderr: "inherit" };

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Sums the marketplace's `grpc_client_handled_total`: every RPC its pages made, and those not OK. */
async function rpcsMadeBy(baseUrl: string): Promise<{ total: number; failed: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let total = 0;
  let failed = 0;
  for (const match of text.matchAll(/^grpc_client_handled_total\{[^}]*grpc_code="([A-Z_]+)"[^}]*\} (\d+)$/gm)) {
    total += Number(match[2]);
    if (match[1] !== "OK") failed += Number(match[2]);
  }
  return { total, failed };
}

const rpcs = option("rpcs", 400_000);
const pages = option("pages", 50_000);
const maxGrowthMiB = option("max-rss-growth-mib", 64);
const pageDeadlineMs = option("page-deadline-ms", 5000);
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;
const pad = (cells: Array<string | number>, widths: number[]): string =>
  cells.map((cell, index) => String(cell).padStart(widths[index] ?? 12)).join("  ");

let recommendations: ListeningProcess | undefined;
let marketplace: ListeningProcess | undefined;
const abort = (signal: NodeJS.Signals): void => {
  for (const service of [marketplace, recommendations]) service?.child.kill("SIGKILL");
  log(`soak interrupted by ${signal}`);
  process.exit(1);
};
process.once("SIGINT", abort);
process.once("SIGTERM", abort);
try {
  log(`soak: ${rpcs} RPCs and ${pages} pages against real processes on 127.0.0.1`);
  recommendations = await startRecommendationsProcess({ ...SOAK_PROCESS, env: { LOG_LEVEL: "info" } });
  marketplace = await startMarketplaceProcess({
    ...SOAK_PROCESS,
    env: {
      RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}`,
      RECOMMENDATIONS_API: "split",
      RECOMMENDATIONS_V2_PERCENT: "50",
      RECOMMENDATIONS_TIMEOUT_MS: String(pageDeadlineMs),
      LOG_LEVEL: "info",
    },
  });
  const recs = recommendations;
  const site = marketplace;
  const baseUrl = `http://127.0.0.1:${site.port}`;
  const rss = { start: [recs.rssBytes(), site.rssBytes()], before: [0, 0], peak: [0, 0], after: [0, 0] };
  log(`started: recommendations on :${recs.port} (${mib(rss.start[0] as number)}), marketplace on :${site.port} (${mib(rss.start[1] as number)})`);

  const warmRpc = createLoadStats(5_000);
  const warmPages = createLoadStats(1_000);
  await Promise.all([
    runRpcLoad({ target: `127.0.0.1:${recs.port}`, total: 5_000, concurrency: 32, stats: warmRpc }),
    runPageLoad({ baseUrl, total: 1_000, concurrency: 16, stats: warmPages }),
  ]);
  rss.before = [recs.rssBytes(), site.rssBytes()];
  log(`warmed up (${warmRpc.done} RPCs, ${warmPages.done} pages, ${warmRpc.errorCount + warmPages.errorCount} errors): RSS recommendations ${mib(rss.before[0] as number)}, marketplace ${mib(rss.before[1] as number)}`);

  const rpc = createLoadStats(rpcs + 1);
  const page = createLoadStats(pages + 1);
  const began = Date.now();
  let last = { at: began, rpc: 0, page: 0 };
  const reported = new Set<string>();
  const progress = setInterval(() => {
    const now = Date.now();
    const current = [recs.rssBytes(), site.rssBytes()];
    rss.peak = rss.peak.map((peak, index) => Math.max(peak, current[index] as number));
    const rate = (count: number, before: number): number => Math.round(((count - before) * 1000) / (now - last.at));
    log(
      `[${String(Math.round((now - began) / 1000)).padStart(4)} s] RPCs ${rpc.done}/${rpcs} (${rate(rpc.done, last.rpc)}/s, ${rpc.errorCount} errors)` +
        ` | pages ${page.done}/${pages} (${rate(page.done, last.page)}/s, ${page.errorCount} errors)` +
        ` | RSS recommendations ${mib(current[0] as number)}, marketplace ${mib(current[1] as number)}`,
    );
    for (const sample of [...rpc.samples, ...page.samples].filter((text) => !reported.has(text))) {
      reported.add(sample);
      log(`  error: ${sample}`);
    }
    last = { at: now, rpc: rpc.done, page: page.done };
  }, 5_000);
  const timings: Record<string, number> = {};
  const timed = (name: string, run: Promise<void>): Promise<void> => run.then(() => void (timings[name] = (Date.now() - began) / 1000));
  try {
    await Promise.all([
      timed("rpc", runRpcLoad({ target: `127.0.0.1:${recs.port}`, total: rpcs, concurrency: 32, stats: rpc })),
      timed("page", runPageLoad({ baseUrl, total: pages, concurrency: 16, stats: page })),
    ]);
  } finally {
    clearInterval(progress);
  }
  rss.after = [recs.rssBytes(), site.rssBytes()];
  rss.peak = rss.peak.map((peak, index) => Math.max(peak, rss.after[index] as number));
  const pageRpcs = await rpcsMadeBy(baseUrl);
  const siteStop = await site.stop("SIGTERM");

  // Drain under load: SIGTERM to the service while 64 calls are in flight.
  const drain = createLoadStats(5_000_000);
  const stopDrainLoad = new AbortController();
  const drainLoad = runRpcLoad({ target: `127.0.0.1:${recs.port}`, total: Number.MAX_SAFE_INTEGER, concurrency: 64, stats: drain, signal: stopDrainLoad.signal });
  await sleep(2_000);
  const okBeforeSigterm = drain.done - drain.errorCount;
  const recsStop = await recs.stop("SIGTERM");
  stopDrainLoad.abort();
  await drainLoad;

  const loadRow = (name: string, stats: LoadStats, seconds: number): string =>
    pad([name, stats.done, stats.errorCount, `${seconds.toFixed(1)} s`, Math.round(stats.done / seconds), stats.quantile(0.5).toFixed(1), stats.quantile(0.99).toFixed(1)], [22, 10, 8, 10, 8, 10, 10]);
  log("");
  log(pad(["load", "requests", "errors", "time", "per s", "p50 ms", "p99 ms"], [22, 10, 8, 10, 8, 10, 10]));
  log(loadRow("RPCs (all APIs)", rpc, timings["rpc"] ?? NaN));
  log(loadRow("marketplace pages", page, timings["page"] ?? NaN));
  log(pad(["RPCs of pages (+warm)", pageRpcs.total, pageRpcs.failed, "", "", "", ""], [22, 10, 8, 10, 8, 10, 10]));
  const drainOk = drain.done - drain.errorCount;
  log("");
  log(`drain under load: SIGTERM with 64 RPCs in flight after ${okBeforeSigterm} OK calls; ${drainOk} calls answered OK in all, ` +
    `${drain.errors.get("UNAVAILABLE") ?? 0} refused with UNAVAILABLE, ${drain.errorCount - (drain.errors.get("UNAVAILABLE") ?? 0)} other failures; exit after ${recsStop.ms} ms`);
  log("");
  log(pad(["process", "RSS start", "after warm-up", "peak", "at the end", "growth", "SIGTERM → exit", "exit code"], [16, 12, 14, 12, 12, 12, 15, 10]));
  const growth = rss.after.map((after, index) => after - (rss.before[index] as number));
  for (const [index, name, stop] of [[0, "recommendations", recsStop], [1, "marketplace", siteStop]] as const) {
    log(pad([name, mib(rss.start[index] as number), mib(rss.before[index] as number), mib(rss.peak[index] as number), mib(rss.after[index] as number), mib(growth[index] as number), `${stop.ms} ms`, String(stop.code)], [16, 12, 14, 12, 12, 12, 15, 10]));
  }
  const problems: string[] = [];
  for (const [name, stats] of [["RPC", rpc], ["page", page], ["warm-up RPC", warmRpc], ["warm-up page", warmPages]] as const) {
    if (stats.errorCount > 0) problems.push(`${stats.errorCount} ${name} errors (${[...stats.errors].map(([reason, count]) => `${reason} ×${count}`).join(", ")}); e.g. ${stats.samples.join(" | ")}`);
  }
  growth.forEach((bytes, index) => {
    if (bytes > maxGrowthMiB * MiB) problems.push(`${index === 0 ? "recommendations" : "marketplace"} RSS grew by ${mib(bytes)} (bound ${maxGrowthMiB} MiB)`);
  });
  if (pageRpcs.failed > 0) problems.push(`${pageRpcs.failed} RPCs made by the marketplace failed`);
  const drainFailures = [...drain.errors].filter(([reason]) => reason !== "UNAVAILABLE");
  if (drainFailures.length > 0) problems.push(`drain: calls failed with ${drainFailures.map(([reason, count]) => `${reason} ×${count}`).join(", ")}; e.g. ${drain.samples.join(" | ")}`);
  if (recsStop.code !== 0 || siteStop.code !== 0) problems.push(`exit codes after SIGTERM: recommendations ${recsStop.code}, marketplace ${siteStop.code}`);
  log("");
  log(problems.length === 0 ? `soak passed: ${rpc.done} RPCs and ${page.done} pages, zero errors` : `soak FAILED:\n  ${problems.join("\n  ")}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
} catch (error) {
  log(`soak FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const service of [marketplace, recommendations]) if (service && service.child.exitCode === null) service.child.kill("SIGKILL");
}
