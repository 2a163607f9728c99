import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A Node.js process started by the bench. */
export interface NodeProcess {
  /** Its process id. */
  readonly pid: number;
  /** Milliseconds from spawn until its port accepted a connection. */
  readonly readyMs: number;
  /** SIGTERM, then resolves once it has exited (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Options of {@link startNode}. */
export interface StartNodeOptions {
  /** The script and its arguments. */
  readonly args: readonly string[];
  /** Environment variables besides PATH. */
  readonly env?: Record<string, string>;
  /** The process is ready once this port on 127.0.0.1 accepts connections. */
  readonly port: number;
  /** Node.js options such as `--cpu-prof`. */
  readonly nodeOptions?: readonly string[];
  /** How long to wait for the port; default 120 s (a 1M-book catalog loads slowly). */
  readonly timeoutMs?: number;
}

/**
 * Starts `node <args>` with only PATH and `env` in its environment and waits until
 * `port` accepts a TCP connection; rejects if the process exits or times out first.
 * Its stdout (per-call logs at the default level) goes to /dev/null, so writing logs
 * costs what it costs in production and never blocks on a full pipe; stderr is passed
 * through.
 */
export async function startNode(options: StartNodeOptions): Promise<NodeProcess> {
  const started = performance.now();
  const devNull = openSync("/dev/null", "w");
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...options.args], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", devNull, "inherit"],
  });
  closeSync(devNull);
  const stop = (): Promise<void> => stopChild(child);
  const until = started + (options.timeoutMs ?? 120_000);
  try {
    while (!(await accepts(options.port))) {
      if (child.exitCode !== null) throw new Error(`${options.args[0]} exited with code ${child.exitCode} before it was ready`);
      if (performance.now() > until) throw new Error(`${options.args[0]} did not open port ${options.port} in time`);
      await sleep(5);
    }
    return { pid: child.pid as number, readyMs: performance.now() - started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Whether 127.0.0.1:`port` accepts a TCP connection right now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A free TCP port on 127.0.0.1 (free when asked; the bench binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

/** Resident set size of process `pid` in MiB (Linux /proc), or NaN when unknown. */
export function rssMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples the RSS of `pids` every 100 ms while `work` runs; resolves with its result and the peak per pid. */
export async function withPeakRss<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; peakMiB: number[] }> {
  const peaks = pids.map(() => 0);
  const sample = (): void => pids.forEach((pid, index) => (peaks[index] = Math.max(peaks[index] as number, rssMiB(pid) || 0)));
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
