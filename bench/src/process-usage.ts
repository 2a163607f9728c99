import { rssBytes } from "@onlinebooks/testkit";

/** Samples the RSS of `pids` every 100 ms while `work` runs; resolves with its result and the peak per pid. */
export async function withPeakRss<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; peakMiB: number[] }> {
  const peaks = pids.map(() => 0);
  const sample = (): void => pids.forEach((pid, index) => (peaks[index] = Math.max(peaks[index] as number, rssBytes(pid) / 2 ** 20 || 0)));
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, peakMiB: peaks };
  } finally {
    clearInterval(timer);
  }
}
