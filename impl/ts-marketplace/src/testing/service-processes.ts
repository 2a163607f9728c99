import { fileURLToPath } from "node:url";
import * as v2 from "@onlinebooks/recommendations-v2";
import { answersOk, freePort, startServiceProcess, type OutputMode, type ServiceProcess as ChildService } from "@onlinebooks/testkit";

/** `dist/main.js` of the marketplace. */
const MARKETPLACE_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
/** `dist/main.js` of the Recommendations service, next to its package entry point. */
const RECOMMENDATIONS_MAIN = fileURLToPath(new URL("./main.js", import.meta.resolve("@onlinebooks/ts-recommendations")));

/** A service running as a child process of this one, with the port it listens on. */
export interface ServiceProcess extends ChildService {
  /** The port it listens on (gRPC for recommendations, HTTP for the marketplace). */
  readonly port: number;
}

/** Options shared by both starters. */
export interface ServiceProcessOptions {
  /** The port to listen on; default a free one. */
  readonly port?: number;
  /** More environment variables (e.g. `LOG_LEVEL`). */
  readonly env?: Record<string, string>;
  /** Where the child's stdout goes: discarded (default), inherited, or collected for `output()`. stderr is inherited. */
  readonly stdout?: OutputMode;
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
    await service.waitUntil(() => client.listCategories({}).then(() => true));
  } finally {
    client.close();
  }
  return service;
}

/** Runs the real marketplace `main.js` with `env` and resolves once `/healthz` answers. */
export async function startMarketplaceProcess(options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const service = spawnService(MARKETPLACE_MAIN, port, { PORT: String(port), LOG_LEVEL: "warn", ...options.env }, options);
  await service.waitUntil(() => answersOk(`http://127.0.0.1:${port}/healthz`));
  return service;
}

function spawnService(main: string, port: number, env: Record<string, string>, options: ServiceProcessOptions): ServiceProcess {
  const service = startServiceProcess({ main, env, inheritEnv: ["PATH"], stdout: options.stdout ?? "ignore", stderr: "inherit" });
  return Object.assign(service, { port });
}
