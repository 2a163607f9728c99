import { grpcFrame } from "@onlinebooks/testkit";
import type { BenchRow } from "./bench-row.js";
import { skippedRow } from "./bench-row.js";
import { runH2load } from "./h2load.js";
import { untilBooks } from "./homepage-suite.js";
import { runHttpLoad } from "./http-load.js";
import { withProcessCpu } from "./process-cpu.js";
import { repeatInterleaved } from "./repeat.js";
import { callOnce, V2_CASE } from "./requests.js";
import { comparedRow, type RowKind } from "./rows.js";
import { startMarketplace, startOtlpSink, startRecommendations, stopProcess } from "./services.js";
import type { BenchSettings } from "./settings.js";
import { ensureDebianTool } from "./tools.js";

const PAGE_LOAD = { connections: 10, readers: 1000 };
const RPC_LOAD = { connections: 10, streams: 10 };
const PAGE_ROWS: RowKind = { group: "tracing", unit: "req/s" };
const RPC_ROWS: RowKind = { group: "tracing", unit: "calls/s", cpu: true };
const ON_NOTE = "every page or call traced, OTLP/protobuf to a local receiver";

/**
 * What tracing costs when it is on: the homepage on v2 (marketplace and recommendations
 * both tracing: the page's server span, the RPC's client and server spans, the domain
 * span) and v2 Recommend with h2load (server span and domain span; server CPU µs per
 * call), each against the same services with tracing off in the same run, interleaved.
 * Spans are sampled at 100 % and exported with the default batching to a stand-in OTLP
 * receiver on 127.0.0.1. The rows with tracing off are the services as shipped, the same
 * configuration as the homepage and rpc suites.
 */
export async function tracingSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const sink = await startOtlpSink();
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}` };
  const recommendations = { off: await startRecommendations(), on: await startRecommendations(tracing) };
  const marketplaces = {
    off: await startMarketplace("v2", recommendations.off.port),
    on: await startMarketplace("v2", recommendations.on.port, tracing),
  };
  const all = [sink, ...Object.values(recommendations), ...Object.values(marketplaces)];
  try {
    for (const marketplace of Object.values(marketplaces)) await untilBooks(`http://127.0.0.1:${marketplace.port}/`);
    const pages = await repeatInterleaved(["off", "on"] as const, settings.rounds, (name) =>
      runHttpLoad({ url: `http://127.0.0.1:${marketplaces[name].port}`, ...PAGE_LOAD, ...settings }),
    );
    const rows: BenchRow[] = [
      comparedRow(PAGE_ROWS, "homepage on v2, tracing off", pages.off, pages.off),
      { ...comparedRow(PAGE_ROWS, "homepage on v2, tracing on", pages.on, pages.off), note: ON_NOTE },
    ];
    const missing = ensureDebianTool("h2load", "nghttp2-client");
    if (missing !== undefined) return [...rows, skippedRow("tracing", "v2 Recommend (h2load), tracing off and on", missing)];
    for (const service of Object.values(recommendations)) await callOnce(service.port, V2_CASE);
    const calls = await repeatInterleaved(["off", "on"] as const, settings.rounds, (name) => {
      const server = recommendations[name];
      const url = `http://127.0.0.1:${server.port}${V2_CASE.path}`;
      return withProcessCpu({ pids: [server.pid], ...settings }, () => runH2load({ url, body: grpcFrame(V2_CASE.message), ...RPC_LOAD, ...settings }));
    });
    rows.push(
      comparedRow(RPC_ROWS, "v2 Recommend (h2load), tracing off", calls.off, calls.off),
      { ...comparedRow(RPC_ROWS, "v2 Recommend (h2load), tracing on", calls.on, calls.off), note: ON_NOTE },
    );
    return rows;
  } finally {
    await Promise.all(all.map(stopProcess));
  }
}
