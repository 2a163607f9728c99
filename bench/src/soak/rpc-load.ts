import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import type { LoadStats } from "./load-stats.js";

/** Options of {@link runRpcLoad}. */
export interface RpcLoadOptions {
  /** `host:port` of the Recommendations service. */
  readonly target: string;
  /** How many RPCs to make in all. */
  readonly total: number;
  /** How many calls are in flight at once. */
  readonly concurrency: number;
  /** Where results are counted. */
  readonly stats: LoadStats;
  /** Stops starting calls when aborted (calls in flight still finish). */
  readonly signal?: AbortSignal;
}

const V2_CATEGORIES = [v2.BookCategory.MYSTERY, v2.BookCategory.SCIENCE_FICTION, v2.BookCategory.FANTASY, v2.BookCategory.HISTORY, v2.BookCategory.ROMANCE];

/**
 * Drives the Recommendations service directly with a mix of every API: 35 % v1
 * `Recommend`, 15 % the legacy path, 40 % v2 `Recommend` (a tenth of them followed by
 * the next page with the returned token, which counts as a call of its own) and 10 %
 * v2 `ListCategories`, over two channels per API, with a 10 s deadline per call.
 * Every call must answer OK.
 */
export async function runRpcLoad(options: RpcLoadOptions): Promise<void> {
  const { stats, total } = options;
  const clientOptions = { defaultTimeoutMs: 10_000 };
  const v1Clients = [0, 1].map(() => v1.createRecommendationsClient(options.target, clientOptions));
  const v2Clients = [0, 1].map(() => v2.createRecommendationsClient(options.target, clientOptions));
  const legacy = v1.createRecommendationsClient(options.target, { ...clientOptions, serviceName: "Recommendations" });
  let started = 0;
  const timed = async (call: () => Promise<unknown>): Promise<unknown> => {
    const begun = performance.now();
    try {
      const result = await call();
      stats.record(performance.now() - begun);
      return result;
    } catch (error) {
      const code = error instanceof v2.GrpcError ? (v2.Status[error.code] ?? String(error.code)) : "not a gRPC error";
      stats.record(performance.now() - begun, { reason: code, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
  const one = async (n: number): Promise<void> => {
    const pick = n % 20;
    const v1Client = v1Clients[n % 2] as v1.RecommendationsClient;
    const v2Client = v2Clients[n % 2] as v2.RecommendationsClient;
    if (pick < 7) {
      await timed(() => v1Client.recommend({ userId: (n * 7919) % 2_000_000_000, category: n % 3, maxResults: 1 + (n % 20) }));
    } else if (pick < 10) {
      await timed(() => legacy.recommend({ userId: n % 100_000, category: n % 3, maxResults: 1 + (n % 10) }));
    } else if (pick < 18) {
      const request = { userId: `soak-${n % 50_000}`, categories: V2_CATEGORIES.slice(n % 3, 1 + (n % 5)), pageSize: 1 + (n % 40) };
      const first = (await timed(() => v2Client.recommend(request))) as v2.RecommendResponse | undefined;
      if (n % 10 === 0 && first?.nextPageToken && started < total) {
        started += 1;
        await timed(() => v2Client.recommend({ ...request, pageToken: first.nextPageToken }));
      }
    } else {
      await timed(() => v2Client.listCategories({}));
    }
  };
  const loop = async (): Promise<void> => {
    while (started < total && !options.signal?.aborted) await one(started++);
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, loop));
  } finally {
    [...v1Clients, ...v2Clients, legacy].forEach((client) => client.close());
  }
}
