import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** A service running as a child process, with the port it reported. */
export interface ChildService {
  readonly port: number;
  /** Its output so far (for failure messages). */
  output(): string;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startChildService}. */
export interface ChildServiceOptions {
  command: string;
  args?: string[];
  env: Record<string, string>;
  /** How long to wait for the port line; default 20 s. */
  startTimeoutMs?: number;
}

/**
 * Starts a service that logs JSON lines on stdout and resolves once a line carries its
 * bound `port` (both the Go server and the marketplace log one when listening). Rejects,
 * with the output so far, if the process exits or stays silent too long.
 */
export function startChildService(options: ChildServiceOptions): Promise<ChildService> {
  const child: ChildProcess = spawn(options.command, options.args ?? [], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${options.command} reported no port within the start timeout:\n${output}`));
    }, options.startTimeoutMs ?? 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.command} exited with ${String(code)} before listening:\n${output}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output += `${line}\n`;
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === "number" && port > 0) {
          clearTimeout(timer);
          resolve({ port, output: () => output, stop });
        }
      } catch {
        // not a JSON log line
      }
    });
  });
}
