import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { grpcFrame, type ListeningProcess } from "@onlinebooks/testkit";
import type { BenchRow } from "./bench-row.js";
import { skippedRow } from "./bench-row.js";
import { runClientLoad } from "./client-load.js";
import { runH2load } from "./h2load.js";
import { withProcessCpu } from "./process-cpu.js";
import { withPeakRss } from "./process-usage.js";
import { repeatInterleaved } from "./repeat.js";
import { callOnce, RPC_CASES, V2_CASE, type RpcCase } from "./requests.js";
import { halfPeakRows, ratioRows, type RowKind } from "./rows.js";
import { startRecommendations, startReferenceGrpcServer, stopProcess } from "./services.js";
import { TARGETS, type BenchSettings } from "./settings.js";
import { ensureDebianTool } from "./tools.js";

/** h2load: 10 connections × 10 streams in flight (`-c10 -m10`). */
const H2LOAD = { connections: 10, streams: 10 };
/** The TypeScript clients: 32 calls in flight on one channel. */
const CLIENT_CONCURRENCY = 32;
const H2LOAD_ROWS: RowKind = { group: "rpc", unit: "calls/s", cpu: true };
const CLIENT_ROWS: RowKind = { group: "rpc", unit: "calls/s" };
/** The service's paths, each compared with the reference. */
const APIS = ["legacy", "v1", "v2"] as const;

/**
 * RPC throughput of the legacy path, v1 and v2 against the bare grpc-js reference in
 * the same run: with h2load (framed request body), then with the project's own
 * TypeScript clients; the server's CPU µs per call; p99 of each at half its peak; peak
 * RSS of the service.
 */
export async function rpcSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const reference = await startReferenceGrpcServer();
  const service = await startRecommendations();
  try {
    // h2load cannot see gRPC status trailers, so each path is checked to answer OK first.
    for (const rpc of RPC_CASES) await callOnce(service.port, rpc);
    await callOnce(reference.port, V2_CASE);
    const rows: BenchRow[] = [];
    const missing = ensureDebianTool("h2load", "nghttp2-client");
    let peakRssMiB = 0;
    if (missing === undefined) {
      const targets: Record<string, { server: ListeningProcess; rpc: RpcCase }> = { reference: { server: reference, rpc: V2_CASE } };
      for (const rpc of RPC_CASES) targets[rpc.api] = { server: service, rpc };
      const load = (name: string, rate?: number) => {
        const { server, rpc } = targets[name] as { server: ListeningProcess; rpc: RpcCase };
        const url = `http://127.0.0.1:${server.port}${rpc.path}`;
        const options = { url, body: grpcFrame(rpc.message), ...H2LOAD, ...settings };
        return withProcessCpu({ pids: [server.pid], ...settings }, () => runH2load(rate === undefined ? options : { ...options, rate }));
      };
      const { result, peakMiB } = await withPeakRss([service.pid], () =>
        repeatInterleaved(["reference", "legacy", "v1", "v2"] as const, settings.rounds, (name) => load(name)),
      );
      peakRssMiB = peakMiB[0] ?? 0;
      const ref = result.reference;
      rows.push(
        ...ratioRows(H2LOAD_ROWS, ["bare grpc-js reference (h2load)", ref], APIS.map((api) => [`${api} Recommend (h2load)`, result[api], api === "legacy" ? undefined : TARGETS.rpcRatio] as const)),
        ...(await halfPeakRows(
          H2LOAD_ROWS,
          {
            reference: "bare grpc-js reference at half peak (h2load)",
            legacy: "legacy Recommend at half peak (h2load)",
            v1: "v1 Recommend at half peak (h2load)",
            v2: "v2 Recommend at half peak (h2load)",
          },
          result,
          load,
        )),
      );
    } else {
      rows.push(skippedRow("rpc", "legacy, v1, v2 Recommend (h2load)", missing));
    }
    const clientPhase = await withPeakRss([service.pid], () => clientRows(settings, reference, service));
    rows.push(...clientPhase.result);
    peakRssMiB = Math.max(peakRssMiB, clientPhase.peakMiB[0] ?? 0);
    rows.push({ group: "memory", name: "recommendations peak RSS under RPC load", value: peakRssMiB, unit: "MiB" });
    return rows;
  } finally {
    await Promise.all([reference, service].map(stopProcess));
  }
}

async function clientRows(settings: BenchSettings, reference: ListeningProcess, service: ListeningProcess): Promise<BenchRow[]> {
  const target = (port: number): string => `127.0.0.1:${port}`;
  const clients = {
    reference: v2.createRecommendationsClient(target(reference.port), { defaultTimeoutMs: 10_000 }),
    legacy: v1.createRecommendationsClient(target(service.port), { defaultTimeoutMs: 10_000, serviceName: "Recommendations" }),
    v1: v1.createRecommendationsClient(target(service.port), { defaultTimeoutMs: 10_000 }),
    v2: v2.createRecommendationsClient(target(service.port), { defaultTimeoutMs: 10_000 }),
  };
  const calls = {
    reference: (n: number) => clients.reference.recommend({ userId: `reader-${n}`, categories: [v2.BookCategory.MYSTERY], pageSize: 10 }),
    legacy: (n: number) => clients.legacy.recommend({ userId: n, category: v1.BookCategory.MYSTERY, maxResults: 10 }),
    v1: (n: number) => clients.v1.recommend({ userId: n, category: v1.BookCategory.MYSTERY, maxResults: 10 }),
    v2: (n: number) => clients.v2.recommend({ userId: `reader-${n}`, categories: [v2.BookCategory.MYSTERY], pageSize: 10 }),
  };
  try {
    const result = await repeatInterleaved(["reference", "legacy", "v1", "v2"] as const, settings.rounds, (name) =>
      runClientLoad(calls[name], { concurrency: CLIENT_CONCURRENCY, ...settings }),
    );
    const cases = APIS.map((api) => [`${api} Recommend (TS client)`, result[api]] as const);
    return ratioRows(CLIENT_ROWS, ["bare grpc-js reference (TS client)", result.reference], cases);
  } finally {
    for (const client of Object.values(clients)) client.close();
  }
}
