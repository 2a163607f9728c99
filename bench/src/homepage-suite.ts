import { setTimeout as sleep } from "node:timers/promises";
import type { ListeningProcess } from "@onlinebooks/testkit";
import { skippedRow, type BenchRow } from "./bench-row.js";
import type { LoadResult } from "./h2load.js";
import { runHttpLoad } from "./http-load.js";
import { metricTotal } from "./metric-total.js";
import { withProcessCpu } from "./process-cpu.js";
import { withPeakRss } from "./process-usage.js";
import { repeatInterleaved, type Repeated } from "./repeat.js";
import { halfPeakRows, ratioRows, type RowKind } from "./rows.js";
import { startMarketplace, startRecommendations, startReferenceGrpcServer, startReferencePage, stopProcess } from "./services.js";
import { TARGETS, type BenchSettings } from "./settings.js";
import { ensureDebianTool } from "./tools.js";
import { runWrk } from "./wrk-load.js";

/** 10 keep-alive connections, one request in flight each, 1000 readers round robin (wrk `-t1 -c10`, autocannon `-c10`). */
const LOAD = { connections: 10, readers: 1000 };
const PAGES = ["reference", "v1", "v2"] as const;
type Page = (typeof PAGES)[number];
const REFERENCE_NAME = "minimal Koa + pug page, one grpc-js call";
/** The books the homepage asks for (three shelves of eight), which the reference server answers with. */
const HOMEPAGE_BOOKS = 24;

/**
 * Homepage throughput and latency of the real marketplace on v1 (three v1 calls per
 * page) and v2 (one v2 call) to the real Recommendations service, against the minimal
 * Koa + pug page doing one grpc-js call to the bare grpc-js server (24 books), in the
 * same run: with wrk (when installed) and
 * with autocannon; the CPU µs per page of the page's process and of Recommendations
 * during those loads; p99 at half of each one's peak (autocannon: wrk has no fixed
 * rate); the RPCs each page made (from the marketplace's own metrics); peak RSS.
 */
export async function homepageSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const [recommendations, referenceServer] = await Promise.all([startRecommendations(), startReferenceGrpcServer(HOMEPAGE_BOOKS)]);
  const started = await Promise.all([
    startReferencePage(referenceServer.port),
    startMarketplace("v1", recommendations.port),
    startMarketplace("v2", recommendations.port),
  ]);
  const [reference, v1, v2] = started;
  // Each page and the server it calls, whose CPU per page is measured.
  const pairs: Record<Page, readonly [ListeningProcess, ListeningProcess]> = { reference: [reference, referenceServer], v1: [v1, recommendations], v2: [v2, recommendations] };
  try {
    const urls = { reference: `http://127.0.0.1:${reference.port}`, v1: `http://127.0.0.1:${v1.port}`, v2: `http://127.0.0.1:${v2.port}` };
    for (const page of PAGES) await untilBooks(`${urls[page]}/`);
    // CPU per page: the page's own process, then the server it calls (which only that page loads meanwhile).
    const measured = (page: Page, load: () => Promise<LoadResult>) => withProcessCpu({ pids: pairs[page].map((process) => process.pid), ...settings }, load);
    const rows: BenchRow[] = [];
    const missingWrk = ensureDebianTool("wrk", "wrk");
    const { result: loads, peakMiB } = await withPeakRss([v1.pid, v2.pid, recommendations.pid], async () => ({
      wrk: missingWrk === undefined ? await repeatInterleaved(PAGES, settings.rounds, (page) => measured(page, () => runWrk({ url: urls[page], ...LOAD, ...settings }))) : undefined,
      autocannon: await repeatInterleaved(PAGES, settings.rounds, (page) => measured(page, () => runHttpLoad({ url: urls[page], ...LOAD, ...settings }))),
    }));
    if (loads.wrk) rows.push(...pageRows("wrk", loads.wrk));
    else rows.push(skippedRow("homepage", "homepage on v1 and v2 (wrk)", missingWrk as string));
    rows.push(...pageRows("autocannon", loads.autocannon));
    rows.push(...cpuRows(loads.wrk ?? loads.autocannon, loads.wrk ? "wrk" : "autocannon"));
    rows.push(
      ...(await halfPeakRows(
        { group: "homepage", unit: "req/s" },
        { reference: "minimal page at half peak (autocannon)", v1: "homepage on v1 at half peak (autocannon)", v2: "homepage on v2 at half peak (autocannon)" },
        loads.autocannon,
        (page, rate) => runHttpLoad({ url: urls[page], ...LOAD, ...settings, rate }),
      )),
    );
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
    await Promise.all([...started, recommendations, referenceServer].map(stopProcess));
  }
}

/** The throughput rows of one load generator: the minimal page, then v1 and v2 with their targets. */
function pageRows(tool: string, result: Record<Page, Repeated>): BenchRow[] {
  const kind: RowKind = { group: "homepage", unit: "req/s" };
  return ratioRows(kind, [`${REFERENCE_NAME} (${tool})`, result.reference], [
    [`homepage on v1 (${tool})`, result.v1, TARGETS.homepageV1Ratio],
    [`homepage on v2 (${tool})`, result.v2, TARGETS.homepageV2Ratio],
  ]);
}

/**
 * CPU µs per page, the page's process and the server it calls together (each in the
 * note), for the minimal page (with the bare server) and the homepage on v1 and v2 (with
 * Recommendations); the v2 page's pair against the minimal page's with its target
 * (lower is better).
 */
function cpuRows(result: Record<Page, Repeated>, tool: string): BenchRow[] {
  const [refPage = NaN, refCall = NaN] = result.reference.cpuUsPerRequest;
  const refPair = refPage + refCall;
  const row = (page: Page, name: string, processName: string, serverName = "recommendations"): BenchRow => {
    const [own = NaN, recs = NaN] = result[page].cpuUsPerRequest;
    return { group: "homepage", name: `${name} (${tool})`, value: own + recs, unit: "µs/page", ratio: (own + recs) / refPair, note: `${processName} ${Math.round(own)} + ${serverName} ${Math.round(recs)}` };
  };
  const v2 = row("v2", "CPU per homepage on v2, both services", "marketplace");
  const ratio = v2.ratio as number;
  return [
    { ...row("reference", "CPU per minimal page and its bare server", "page", "bare server"), ratio: 1 },
    row("v1", "CPU per homepage on v1, both services", "marketplace"),
    { ...v2, target: { text: `≤ ${TARGETS.pageCpuRatio}× reference`, met: ratio <= TARGETS.pageCpuRatio, ratio: TARGETS.pageCpuRatio } },
  ];
}

/**
 * The recommendation RPCs the marketplace at `url` made per homepage it served, from
 * its `/metrics`: every page makes the same calls, so the totals since start-up say it.
 */
async function rpcsPerPage(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const pages = metricTotal(metrics, 'http_requests_total{method="GET",route="/",status="200"}');
  return Number((metricTotal(metrics, "grpc_client_handled_total{") / Math.max(1, pages)).toFixed(2));
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
