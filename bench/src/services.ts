import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@onlinebooks/testkit";
import { startNode, type NodeProcess } from "./processes.js";

/** A service process under test and where to reach it. */
export interface RunningService extends NodeProcess {
  /** Its port on 127.0.0.1. */
  readonly port: number;
}

/** The `dist/` directory of workspace package `name`, found through its npm name. */
function distOf(name: string): string {
  return dirname(fileURLToPath(import.meta.resolve(name)));
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** Extra Node.js options for the services, e.g. `--cpu-prof` (set by `--profile`). */
export const serviceNodeOptions: string[] = [];

/**
 * Starts the real Recommendations service (`main.js`) with its defaults (LOG_LEVEL
 * info: one log line per call, as shipped) on `catalogPath`, or the shipped catalog;
 * `extraEnv` overrides variables.
 */
export async function startRecommendations(catalogPath?: string, extraEnv: Record<string, string> = {}): Promise<RunningService> {
  const port = await freePort();
  const env: Record<string, string> = { GRPC_PORT: String(port), METRICS_PORT: "0", ...extraEnv };
  if (catalogPath !== undefined) env["CATALOG_PATH"] = catalogPath;
  const process = await startNode({ args: [join(distOf("@onlinebooks/ts-recommendations"), "main.js")], env, port, nodeOptions: serviceNodeOptions });
  return { ...process, port };
}

/** Starts the real marketplace (`main.js`, defaults) serving every reader from `api`. */
export async function startMarketplace(api: "v1" | "v2", recommendationsPort: number): Promise<RunningService> {
  const port = await freePort();
  const env = { PORT: String(port), RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendationsPort}`, RECOMMENDATIONS_API: api };
  const process = await startNode({ args: [join(distOf("@onlinebooks/ts-marketplace"), "main.js")], env, port, nodeOptions: serviceNodeOptions });
  return { ...process, port };
}

/** Starts the bare grpc-js reference server. */
export async function startReferenceGrpcServer(): Promise<RunningService> {
  const port = await freePort();
  const process = await startNode({ args: [join(HERE, "reference-grpc-server.js"), String(port)], port });
  return { ...process, port };
}

/** Starts the minimal Koa reference page, calling the Recommendations service on `recommendationsPort`. */
export async function startReferencePage(recommendationsPort: number): Promise<RunningService> {
  const port = await freePort();
  const process = await startNode({ args: [join(HERE, "reference-page.js"), String(port), `127.0.0.1:${recommendationsPort}`], port });
  return { ...process, port };
}
