import { cpuSeconds } from "@onlinebooks/testkit";
import type { LoadResult } from "./h2load.js";

/** What {@link withProcessCpu} measures besides the load run. */
export interface ProcessCpuOptions {
  /** The processes whose CPU time is measured (user + system, from `/proc`). */
  readonly pids: readonly number[];
  /** Unmeasured seconds at the start of the run: CPU time is counted from then. */
  readonly warmupS: number;
  /** Measured seconds of the run. */
  readonly durationS: number;
}

/**
 * Runs one load run and measures the CPU time each of `pids` used during its measured
 * seconds, per request answered: `cpuUsPerRequest[i]` for `pids[i]`. CPU time hardly
 * moves when a shared machine is busy, so it tells builds apart where throughput drifts.
 */
export async function withProcessCpu(options: ProcessCpuOptions, run: () => Promise<LoadResult>): Promise<LoadResult> {
  let atStart: number[] = [];
  const sampler = setTimeout(() => (atStart = options.pids.map(cpuSeconds)), options.warmupS * 1000);
  try {
    const result = await run();
    const requests = result.rps * options.durationS;
    const cpuUsPerRequest = options.pids.map((pid, index) => ((cpuSeconds(pid) - (atStart[index] ?? NaN)) * 1e6) / requests);
    return { ...result, cpuUsPerRequest };
  } finally {
    clearTimeout(sampler);
  }
}
