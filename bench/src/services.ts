import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startNode, type RunningService } from "./processes.js";

/** The `dist/` directory of workspace package `name`, found through its npm name. */
function distOf(name: string): string {
  return dirname(fileURLToPath(import.meta.resolve(name)));
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** Extra Node.js options for the services, e.g. `--cpu-prof` (set by `--profile`). */
export const serviceNodeOptions: string[] = [];

/**
 * Starts the real Recommendations service (`main.js`) with its defaults (LOG_LEVEL
 * info: one log line per call, as shipped) on the shipped catalog; `extraEnv`
 * overrides variables.
 */
export function startRecommendations(extraEnv: Record<string, string> = {}): Promise<RunningService> {
  return startNode((port) => ({
    args: [join(distOf("@onlinebooks/ts-recommendations"), "main.js")],
    env: { GRPC_PORT: String(port), METRICS_PORT: "0", ...extraEnv },
    nodeOptions: serviceNodeOptions,
  }));
}

/** Starts the real marketplace (`main.js`, defaults) serving every reader from `api`. */
export function startMarketplace(api: "v1" | "v2", recommendationsPort: number): Promise<RunningService> {
  return startNode((port) => ({
    args: [join(distOf("@onlinebooks/ts-marketplace"), "main.js")],
    env: { PORT: String(port), RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendationsPort}`, RECOMMENDATIONS_API: api },
    nodeOptions: serviceNodeOptions,
  }));
}

/** Starts the bare grpc-js reference server. */
export function startReferenceGrpcServer(): Promise<RunningService> {
  return startNode((port) => ({ args: [join(HERE, "reference-grpc-server.js"), String(port)] }));
}

/** Starts the minimal Koa reference page, calling the Recommendations service on `recommendationsPort`. */
export function startReferencePage(recommendationsPort: number): Promise<RunningService> {
  return startNode((port) => ({ args: [join(HERE, "reference-page.js"), String(port), `127.0.0.1:${recommendationsPort}`] }));
}
