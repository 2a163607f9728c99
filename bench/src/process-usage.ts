import { sampleProcess } from "@onlinebooks/testkit";

/** Samples the RSS of `pids` every 100 ms while `work` runs; resolves with its result and the peak per pid. */
export async function withPeakRss<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; peakMiB: number[] }> {
  const samplers = pids.map((pid) => sampleProcess(pid));
  const stop = () => samplers.map((sampler) => sampler.stop());
  let result: T;
  try {
    result = await work();
  } catch (error) {
    stop();
    throw error;
  }
  return { result, peakMiB: stop().map((usage) => usage.peakRssBytes / 2 ** 20) };
}
