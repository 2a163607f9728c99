import * as v2 from "@onlinebooks/recommendations-v2";
import type { ListeningProcess } from "@onlinebooks/testkit";
import type { BenchRow } from "./bench-row.js";
import type { LoadResult } from "./h2load.js";
import { withPeakRss } from "./process-usage.js";
import { repeatInterleaved } from "./repeat.js";
import { comparedRow, type RowKind } from "./rows.js";
import { startRecommendations, stopProcess } from "./services.js";
import { TARGETS, type BenchSettings } from "./settings.js";

/** Recommendations per run of each case. */
const ITEMS = 100_000;
/** Unary calls kept in flight by the TypeScript client. */
const UNARY_IN_FLIGHT = 10;
const ROWS: RowKind = { group: "batch", unit: "items/s" };

/** The request of reader `n`: ten mystery books, as in the RPC suite. */
const request = (n: number) => ({ userId: `reader-${n}`, categories: [v2.BookCategory.MYSTERY], pageSize: 10 });

/** 100,000 recommendations through one BatchRecommend stream, read as fast as they come. */
async function batchRun(client: v2.RecommendationsClient): Promise<LoadResult> {
  async function* requests() {
    for (let n = 1; n <= ITEMS; n += 1) yield { requestId: String(n), request: request(n) };
  }
  let answered = 0;
  let errors = 0;
  const started = performance.now();
  for await (const { result } of client.batchRecommend(requests())) {
    if (result.case === "response") answered += 1;
    else errors += 1;
  }
  return { rps: answered / ((performance.now() - started) / 1000), p50Ms: NaN, p99Ms: NaN, errors };
}

/** 100,000 unary Recommend calls, {@link UNARY_IN_FLIGHT} in flight. */
async function unaryRun(client: v2.RecommendationsClient): Promise<LoadResult> {
  let next = 1;
  let answered = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let n = next++; n <= ITEMS; n = next++) {
      await client.recommend(request(n)).then(
        () => (answered += 1),
        () => (errors += 1),
      );
    }
  };
  await Promise.all(Array.from({ length: UNARY_IN_FLIGHT }, worker));
  return { rps: answered / ((performance.now() - started) / 1000), p50Ms: NaN, p99Ms: NaN, errors };
}

/**
 * The same 100,000 v2 recommendations two ways, from the project's TypeScript client
 * to the real service, interleaved round by round: through one `BatchRecommend` stream,
 * and as unary `Recommend` calls with 10 in flight — items per second, the batch's
 * ratio to unary (target ≥ {@link TARGETS}.batchRatio×), and the service's peak RSS
 * during each.
 */
export async function batchSuite(settings: BenchSettings): Promise<BenchRow[]> {
  const service: ListeningProcess = await startRecommendations();
  // A client (a connection) per run: the service drains connections older than 5 minutes
  // (GRPC_MAX_CONNECTION_AGE_MS), which would end a stream open across that age.
  const connect = () => v2.createRecommendationsClient(`127.0.0.1:${service.port}`, { defaultTimeoutMs: 600_000 });
  const peakMiB = { batch: 0, unary: 0 };
  try {
    const warm = connect();
    for (let n = 0; n < 2000; n += 1) await warm.recommend(request(n));
    warm.close();
    const run = async (name: "batch" | "unary"): Promise<LoadResult> => {
      const client = connect();
      try {
        const { result, peakMiB: [peak] } = await withPeakRss([service.pid], () => (name === "batch" ? batchRun(client) : unaryRun(client)));
        peakMiB[name] = Math.max(peakMiB[name], peak ?? 0);
        return result;
      } finally {
        client.close();
      }
    };
    const result = await repeatInterleaved(["batch", "unary"] as const, settings.rounds, run);
    const unary = comparedRow(ROWS, "100,000 unary Recommend calls, 10 in flight (TS client)", result.unary, result.unary);
    const batch = comparedRow(ROWS, "100,000 recommendations, one BatchRecommend stream (TS client)", result.batch, result.unary);
    const ratio = batch.ratio as number;
    return [
      { ...unary, note: "the reference of the batch row" },
      { ...batch, target: { text: `≥ ${TARGETS.batchRatio}× unary`, met: ratio >= TARGETS.batchRatio, ratio: TARGETS.batchRatio } },
      { group: "memory", name: "recommendations peak RSS during 100,000 unary calls", value: peakMiB.unary, unit: "MiB" },
      { group: "memory", name: "recommendations peak RSS during a BatchRecommend of 100,000", value: peakMiB.batch, unit: "MiB" },
    ];
  } finally {
    await stopProcess(service);
  }
}
