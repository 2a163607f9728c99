import { setTimeout as sleep } from "node:timers/promises";
import type { BenchRow } from "./bench-row.js";
import { runHttpLoad } from "./http-load.js";
import { withPeakRss } from "./process-usage.js";
import { repeatInterleaved } from "./repeat.js";
import { halfPeakRows, ratioRows, type RowKind } from "./rows.js";
import { startMarketplace, startRecommendations, startReferencePage, stopProcess } from "./services.js";
import { TARGETS, type BenchSettings } from "./settings.js";

/** autocannon: 10 keep-alive connections, one request in flight each, 1000 readers round robin. */
const LOAD = { connections: 10, readers: 1000 };
const ROWS: RowKind = { group: "homepage", unit: "req/s" };

/**
 * Homepage throughput and latency of the real marketplace on v1 (three v1 calls per
 * page) and v2 (one v2 call), against the minimal Koa page doing one grpc-js call to
 * the same Recommendations service, in the same run; p99 at half of each one's peak;
 * the RPCs each page made (from the marketplace's own metrics); peak RSS.
 */
export async function homepageSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const recommendations = await startRecommendations();
  const started = await Promise.all([
    startReferencePage(recommendations.port),
    startMarketplace("v1", recommendations.port),
    startMarketplace("v2", recommendations.port),
  ]);
  const [reference, v1, v2] = started;
  try {
    const urls = { reference: `http://127.0.0.1:${reference.port}`, v1: `http://127.0.0.1:${v1.port}`, v2: `http://127.0.0.1:${v2.port}` };
    await untilBooks(`${urls.v1}/`);
    await untilBooks(`${urls.v2}/`);
    const { result, peakMiB } = await withPeakRss([v1.pid, v2.pid, recommendations.pid], () =>
      repeatInterleaved(["reference", "v1", "v2"] as const, settings.rounds, (name) => runHttpLoad({ url: urls[name], ...LOAD, ...settings })),
    );
    const rows: BenchRow[] = [
      ...ratioRows(ROWS, ["minimal Koa page, one grpc-js call", result.reference], (["v1", "v2"] as const).map((api) => [`homepage on ${api}`, result[api]] as const), TARGETS.homepageRatio),
      ...(await halfPeakRows(
        ROWS,
        { reference: "minimal Koa page at half peak", v1: "homepage on v1 at half peak", v2: "homepage on v2 at half peak" },
        result,
        (api, rate) => runHttpLoad({ url: urls[api], ...LOAD, ...settings, rate }),
      )),
    ];
    for (const api of ["v1", "v2"] as const) {
      rows.push({ group: "homepage", name: `RPCs per homepage on ${api}`, value: await rpcsPerPage(urls[api]), unit: "RPCs" });
    }
    rows.push(
      { group: "memory", name: "marketplace (v1) peak RSS under homepage load", value: peakMiB[0] ?? NaN, unit: "MiB" },
      { group: "memory", name: "marketplace (v2) peak RSS under homepage load", value: peakMiB[1] ?? NaN, unit: "MiB" },
      { group: "memory", name: "recommendations peak RSS under homepage load", value: peakMiB[2] ?? NaN, unit: "MiB" },
    );
    return rows;
  } finally {
    await Promise.all([...started, recommendations].map(stopProcess));
  }
}

/**
 * The recommendation RPCs the marketplace at `url` made per homepage it served, from
 * its `/metrics`: every page makes the same calls, so the totals since start-up say it.
 */
async function rpcsPerPage(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const total = (pattern: RegExp): number =>
    metrics.split("\n").filter((line) => pattern.test(line)).reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
  const pages = total(/^http_requests_total\{method="GET",route="\/",status="200"\}/);
  return Number((total(/^grpc_client_handled_total\{/) / Math.max(1, pages)).toFixed(2));
}

/** Waits until the page at `url` shows books (the marketplace's channel is connected). */
export async function untilBooks(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const html = await fetch(url, { headers: { cookie: "reader=1" } }).then((r) => r.text()).catch(() => "");
    if (html.includes('class="book-title"')) return;
    await sleep(100);
  }
  throw new Error(`${url} showed no books within 30 s`);
}
