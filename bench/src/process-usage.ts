import { readFileSync } from "node:fs";
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

/** CPU time (user + system) process `pid` has used so far, in seconds (Linux /proc), or NaN. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Linux reports /proc CPU times in clock ticks of 1/100 s on every common platform. */
const CLOCK_TICKS = 100;
