/** How long and how often each case runs. */
export interface BenchSettings {
  /** Repeats of every throughput case (interleaved with its reference). */
  readonly rounds: number;
  /** Unmeasured seconds before each measured run. */
  readonly warmupS: number;
  /** Measured seconds of each run. */
  readonly durationS: number;
}

/** The performance targets the table checks (see bench/README.md). */
export const TARGETS = {
  /** Recommendations throughput (v1 and v2, h2load) over the bare grpc-js server's. */
  rpcRatio: 0.85,
  /** Homepage on v2 throughput over the minimal Koa + pug page's (wrk and autocannon). */
  homepageV2Ratio: 0.8,
  /** Homepage on v1 (three RPCs per page) throughput over the minimal page's. */
  homepageV1Ratio: 0.5,
  /** CPU per v2 homepage, marketplace and Recommendations together, over the minimal page and its call's. */
  pageCpuRatio: 1.3,
  /** p99 at half of the case's own peak throughput, in ms. */
  p99AtHalfPeakMs: 10,
  /** Recommend cost on a 1M-book catalog over the cost on 1k books. */
  catalogCostRatio: 1.5,
  /** Shipped catalog, process spawn to first answered Recommend, in ms. */
  coldStartMs: 1000,
  /** Recommendations per second through one BatchRecommend stream over unary calls (10 in flight). */
  batchRatio: 3,
} as const;
