import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { rssBytes } from "./process-stats.js";

/** Where a child's stdout or stderr goes: collected (lines and `output()`), discarded (/dev/null) or inherited. */
export type OutputMode = "collect" | "ignore" | "inherit";

/** One pino log line, parsed. */
export type LogLine = Record<string, unknown>;

/** What {@link startServiceProcess} runs: a Node.js script (`main`) or any executable (`command`). */
type Program =
  | {
      /** The script to run with `node`, typically a service's `dist/main.js`. */
      readonly main: string;
      /** Node.js options before the script, such as `--cpu-prof`. */
      readonly nodeOptions?: readonly string[];
      readonly command?: undefined;
    }
  | {
      /** An executable to run instead of a Node.js script, such as a Go server binary. */
      readonly command: string;
      readonly main?: undefined;
      readonly nodeOptions?: undefined;
    };

/** Options of {@link startServiceProcess}: what to run and how. */
export type ServiceProcessOptions = Program & {
  /** Arguments after the script or executable. */
  readonly args?: readonly string[];
  /** The child's environment, on top of `inheritEnv`; nothing else of this process's environment is passed. */
  readonly env?: Readonly<Record<string, string>>;
  /** Names of variables copied from this process's environment (e.g. `PATH`, `HOME`); default none. */
  readonly inheritEnv?: readonly string[];
  /** Default `collect`. */
  readonly stdout?: OutputMode;
  /** Default `collect`. */
  readonly stderr?: OutputMode;
};

/** Options of {@link ServiceProcess.waitUntil}. */
export interface WaitOptions {
  /** Give up after this long; default 20 s. */
  readonly timeoutMs?: number;
  /** Poll interval; default 50 ms. */
  readonly intervalMs?: number;
}

/** How a stopped process ended. */
export interface StopResult {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** Milliseconds from the signal until it had exited. */
  readonly ms: number;
}

/** A Node.js script or executable running as a child process of this one, its output collected. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Complete stdout lines so far (empty lines left out), when stdout is collected. */
  readonly stdout: string[];
  /** Complete stderr lines so far (empty lines left out), when stderr is collected. */
  readonly stderr: string[];
  /** Resolves with the exit code (null when a signal ended it) once it has exited and all its output is collected. */
  readonly exited: Promise<number | null>;
  /** Everything collected so far, stdout and stderr in the order it arrived. */
  output(): string;
  /** The stdout lines that are JSON objects (pino log lines), parsed; other lines are skipped. */
  logLines(): LogLine[];
  /**
   * Polls `check` until it resolves true and resolves with the milliseconds since the
   * spawn; a check that throws counts as false. If the process exits or the timeout
   * passes first, kills it (SIGKILL) and rejects with its collected output.
   */
  waitUntil(check: () => boolean | Promise<boolean>, options?: WaitOptions): Promise<number>;
  /** Waits (as {@link ServiceProcess.waitUntil}) for a log line whose `msg` is `message` and returns it. */
  waitForLog(message: string, options?: WaitOptions): Promise<LogLine>;
  /** Its resident set size now, in bytes (Linux /proc); NaN once it has exited. */
  rssBytes(): number;
  /**
   * Sends `signal` (default SIGTERM) unless it has exited already, and resolves once it
   * has exited; with `killAfterMs`, sends SIGKILL if it is still running after that long.
   */
  stop(signal?: NodeJS.Signals, options?: { readonly killAfterMs?: number }): Promise<StopResult>;
}

/**
 * Spawns `node [nodeOptions] main [args]`, or `command [args]`, with exactly the environment
 * asked for and collects its output line by line. Returns at once; wait for readiness with
 * `waitUntil` or `waitForLog`. The caller stops it (`stop`) when done.
 */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const inherited = Object.fromEntries((options.inheritEnv ?? []).map((name) => [name, process.env[name] ?? ""]));
  const pipe = (mode: OutputMode = "collect"): "pipe" | "ignore" | "inherit" => (mode === "collect" ? "pipe" : mode);
  const started = performance.now();
  const [file, program] = options.command === undefined ? [process.execPath, [...(options.nodeOptions ?? []), options.main]] : [options.command, []];
  const child = spawn(file, [...program, ...(options.args ?? [])], {
    env: { ...inherited, ...options.env },
    stdio: ["ignore", pipe(options.stdout), pipe(options.stderr)],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let output = "";
  const collect = (into: string[]) => {
    let partial = "";
    return (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      output += text;
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      into.push(...lines.filter(Boolean));
    };
  };
  child.stdout?.on("data", collect(stdout));
  child.stderr?.on("data", collect(stderr));
  // "close", not "exit": a process's last output may still be in the pipe when it has exited.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;

  const logLines = (): LogLine[] =>
    stdout.flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === "object" && parsed !== null ? [parsed as LogLine] : [];
      } catch {
        return [];
      }
    });

  const stop = async (signal: NodeJS.Signals = "SIGTERM", stopOptions: { readonly killAfterMs?: number } = {}): Promise<StopResult> => {
    const sent = Date.now();
    if (!hasExited()) child.kill(signal);
    const kill = stopOptions.killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), stopOptions.killAfterMs);
    try {
      const code = await exited;
      return { code, ms: Date.now() - sent };
    } finally {
      clearTimeout(kill);
    }
  };

  const waitUntil = async (check: () => boolean | Promise<boolean>, wait: WaitOptions = {}): Promise<number> => {
    const deadline = performance.now() + (wait.timeoutMs ?? 20_000);
    const holds = async (): Promise<boolean> => {
      try {
        return await check();
      } catch {
        return false;
      }
    };
    while (!(await holds())) {
      if (hasExited() || performance.now() > deadline) {
        const why = hasExited() ? `exited with ${child.exitCode ?? child.signalCode}` : `was not ready within ${wait.timeoutMs ?? 20_000} ms`;
        await stop("SIGKILL");
        throw new Error(`${options.command ?? options.main} ${why}:\n${output}`);
      }
      await sleep(wait.intervalMs ?? 50);
    }
    return performance.now() - started;
  };

  return {
    child,
    pid: child.pid ?? NaN,
    stdout,
    stderr,
    exited,
    output: () => output,
    logLines,
    waitUntil,
    async waitForLog(message, wait) {
      let found: LogLine | undefined;
      await waitUntil(() => (found = logLines().find((line) => line["msg"] === message)) !== undefined, wait);
      return found as LogLine;
    },
    rssBytes: () => rssBytes(child.pid ?? NaN),
    stop,
  };
}
