import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, connect } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The `dist/main.js` of a service package, found through its npm name. */
export function serviceMain(packageName: "@onlinebooks/ts-recommendations" | "@onlinebooks/ts-marketplace"): string {
  return join(dirname(fileURLToPath(import.meta.resolve(packageName))), "main.js");
}

/** A free TCP port on 127.0.0.1 (bound, read and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A service started as a child process by {@link startProcess}. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  /** Environment variables on top of PATH and HOME. */
  readonly env: Record<string, string>;
  /** Resolves true once the process is ready; polled every 50 ms. */
  readonly ready: () => Promise<boolean>;
  /** How long to wait for `ready`; default 15 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `node script` with a minimal environment, waits until `ready()` holds and
 * returns a handle; rejects (having killed the process) when it exits or is not ready
 * in time.
 */
export async function startProcess(script: string, options: StartProcessOptions): Promise<ServiceProcess> {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env };
  const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");
  const handle: ServiceProcess = {
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!(await options.ready().catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await handle.stop("SIGKILL");
      throw new Error(`${script} did not become ready (exit ${child.exitCode}):\n${output}`);
    }
    await sleep(50);
  }
  return handle;
}

/** True when a TCP connection to 127.0.0.1:port succeeds. */
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

/** True when GET http://127.0.0.1:port/path answers 200. */
export async function answers(port: number, path: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.ok;
}
