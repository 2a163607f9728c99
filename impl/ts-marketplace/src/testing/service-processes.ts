import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import * as v2 from "@onlinebooks/recommendations-v2";

/** `dist/main.js` of the marketplace. */
const MARKETPLACE_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
/** `dist/main.js` of the Recommendations service, next to its package entry point. */
const RECOMMENDATIONS_MAIN = fileURLToPath(new URL("./main.js", import.meta.resolve("@onlinebooks/ts-recommendations")));

/** A service running as a child process of this one. */
export interface ServiceProcess {
  /** The child process. */
  readonly child: ChildProcess;
  /** The port it listens on (gRPC for recommendations, HTTP for the marketplace). */
  readonly port: number;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** What it wrote to stdout so far, when started with `stdout: "collect"`. */
  output(): string;
  /** Its resident set size now, in bytes (from /proc). */
  rssBytes(): number;
  /** Sends `signal` and resolves with the exit code and how long the process took to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Options shared by both starters. */
export interface ServiceProcessOptions {
  /** The port to listen on; default a free one. */
  readonly port?: number;
  /** More environment variables (e.g. `LOG_LEVEL`). */
  readonly env?: Record<string, string>;
  /** Where the child's stdout goes: discarded (default), inherited, or collected for `output()`. */
  readonly stdout?: "ignore" | "inherit" | "collect";
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

/**
 * Runs the real Recommendations `main.js` (the shipped catalog, metrics on a free port)
 * and resolves once it answers `ListCategories`. Unlike the in-process server of the
 * fixtures, it can be SIGKILLed like a crashed container.
 */
export async function startRecommendationsProcess(options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const service = spawnService(RECOMMENDATIONS_MAIN, port, { GRPC_PORT: String(port), METRICS_PORT: "0", LOG_LEVEL: "warn", ...options.env }, options);
  const client = v2.createRecommendationsClient(`127.0.0.1:${port}`, { defaultTimeoutMs: 1000 });
  try {
    await until(service, () => client.listCategories({}).then(() => true, () => false));
  } finally {
    client.close();
  }
  return service;
}

/** Runs the real marketplace `main.js` with `env` and resolves once `/healthz` answers. */
export async function startMarketplaceProcess(options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const service = spawnService(MARKETPLACE_MAIN, port, { PORT: String(port), LOG_LEVEL: "warn", ...options.env }, options);
  await until(service, () => fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false));
  return service;
}

function spawnService(script: string, port: number, env: Record<string, string>, options: ServiceProcessOptions): ServiceProcess {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", options.stdout === "collect" ? "pipe" : (options.stdout ?? "ignore"), "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    port,
    exited,
    output: () => output,
    rssBytes() {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return Number(match?.[1] ?? NaN) * 1024;
    },
    async stop(signal = "SIGTERM") {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

async function until(service: ServiceProcess, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await ready())) {
    if (service.child.exitCode !== null) throw new Error(`the process exited with ${service.child.exitCode} during start-up`);
    if (Date.now() > deadline) {
      service.child.kill("SIGKILL");
      throw new Error("the process did not become ready within 20 s");
    }
    await sleep(50);
  }
}
