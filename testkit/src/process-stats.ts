import { readFileSync } from "node:fs";

/** Resident set size of process `pid` in bytes (Linux /proc), or NaN when unknown (e.g. it has exited). */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
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

/** What {@link sampleProcess} saw of a process between its start and `stop()`. */
export interface ProcessUsage {
  /** RSS when sampling started, in bytes. */
  readonly startRssBytes: number;
  /** The largest RSS sampled, in bytes. */
  readonly peakRssBytes: number;
  /** RSS at `stop()`, in bytes (NaN once the process has exited). */
  readonly endRssBytes: number;
  /** CPU seconds (user + system) the process used meanwhile. */
  readonly cpuSeconds: number;
  /** Wall-clock seconds sampled. */
  readonly wallSeconds: number;
}

/**
 * Samples process `pid` every `intervalMs` (default 100) until `stop()`, which returns
 * its RSS at the start, peak and end, and the CPU time it used meanwhile.
 */
export function sampleProcess(pid: number, intervalMs = 100): { stop(): ProcessUsage } {
  const startRssBytes = rssBytes(pid);
  const startCpu = cpuSeconds(pid);
  const started = performance.now();
  let peakRssBytes = startRssBytes || 0;
  const sample = (): number => {
    const rss = rssBytes(pid);
    if (rss > peakRssBytes) peakRssBytes = rss;
    return rss;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const endRssBytes = sample();
      return { startRssBytes, peakRssBytes, endRssBytes, cpuSeconds: cpuSeconds(pid) - startCpu, wallSeconds: (performance.now() - started) / 1000 };
    },
  };
}
