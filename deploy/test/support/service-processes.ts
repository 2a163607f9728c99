import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { acceptsConnections, answersOk, freePort, startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";

/** The notice the marketplace's homepage shows when it is degraded (no recommendations). */
export const NOTICE = "Recommendations are taking a short break";

/** The `dist/main.js` of a service package, found through its npm name. */
export function serviceMain(packageName: "@onlinebooks/ts-recommendations" | "@onlinebooks/ts-marketplace"): string {
  return join(dirname(fileURLToPath(import.meta.resolve(packageName))), "main.js");
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
 * Runs `node script` with a minimal environment (PATH, HOME and `env`), stdout and
 * stderr collected, waits until `ready()` holds and returns the process; rejects
 * (having killed it) with its output when it exits or is not ready in time.
 */
export async function startProcess(script: string, options: StartProcessOptions): Promise<ServiceProcess> {
  const service = startServiceProcess({ main: script, env: options.env, inheritEnv: ["PATH", "HOME"] });
  await service.waitUntil(options.ready, { timeoutMs: options.timeoutMs ?? 15_000 });
  return service;
}

/** A Recommendations process started by {@link startRecommendations}, with its ports. */
export interface RecommendationsProcess {
  /** Its gRPC port (`GRPC_PORT`). */
  readonly grpcPort: number;
  /** Its metrics port (`METRICS_PORT`). */
  readonly metricsPort: number;
  /** The running process. */
  readonly process: ServiceProcess;
}

/**
 * Runs the Recommendations `main.js` on two free ports (gRPC and metrics, `LOG_LEVEL=warn`,
 * plus `env`) and resolves once the gRPC port accepts connections and `/metrics` answers.
 */
export async function startRecommendations(env: Record<string, string> = {}): Promise<RecommendationsProcess> {
  const grpcPort = await freePort();
  const metricsPort = await freePort();
  const process = await startProcess(serviceMain("@onlinebooks/ts-recommendations"), {
    env: { GRPC_PORT: String(grpcPort), METRICS_PORT: String(metricsPort), LOG_LEVEL: "warn", ...env },
    ready: async () => (await acceptsConnections(grpcPort)) && (await answersOk(`http://127.0.0.1:${metricsPort}/metrics`)),
  });
  return { grpcPort, metricsPort, process };
}

/** A Marketplace process started by {@link startMarketplace}, with its port. */
export interface MarketplaceProcess {
  /** Its HTTP port (`PORT`). */
  readonly port: number;
  /** The running process. */
  readonly process: ServiceProcess;
}

/**
 * Runs the Marketplace `main.js` on a free port (`LOG_LEVEL=warn`, plus `env`, which
 * names the recommendations target) and resolves once `/readyz` answers.
 */
export async function startMarketplace(env: Record<string, string>): Promise<MarketplaceProcess> {
  const port = await freePort();
  const process = await startProcess(serviceMain("@onlinebooks/ts-marketplace"), {
    env: { PORT: String(port), LOG_LEVEL: "warn", ...env },
    ready: () => answersOk(`http://127.0.0.1:${port}/readyz`),
  });
  return { port, process };
}
