import { readFileSync } from "node:fs";
import { acceptsConnections, freePort, rssBytes, startServiceProcess } from "@onlinebooks/testkit";

/** A Node.js process started by the bench, listening on its port. */
export interface RunningService {
  /** Its process id. */
  readonly pid: number;
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** SIGTERM, then resolves once it has exited (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** What {@link startNode} runs. */
export interface StartNodeOptions {
  /** The script and its arguments. */
  readonly args: readonly [string, ...string[]];
  /** Environment variables besides PATH. */
  readonly env?: Record<string, string>;
  /** Node.js options such as `--cpu-prof`. */
  readonly nodeOptions?: readonly string[];
}

/**
 * Picks a free port, starts `node <args>` as `options(port)` says, with only PATH and
 * `env` in its environment, and waits (up to 120 s) until the port accepts a TCP
 * connection; rejects (having killed it) if the process exits or times out first. Its
 * stdout (per-call logs at the default level) goes to /dev/null, so writing logs costs
 * what it costs in production and never blocks on a full pipe; stderr is passed through.
 */
export async function startNode(options: (port: number) => StartNodeOptions): Promise<RunningService> {
  const port = await freePort();
  const { args, env, nodeOptions } = options(port);
  const [main, ...rest] = args;
  const service = startServiceProcess({ main, args: rest, nodeOptions, env, inheritEnv: ["PATH"], stdout: "ignore", stderr: "inherit" });
  await service.waitUntil(() => acceptsConnections(port), { timeoutMs: 120_000, intervalMs: 5 });
  return {
    pid: service.pid,
    port,
    async stop() {
      await service.stop("SIGTERM", { killAfterMs: 5000 });
    },
  };
}

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
