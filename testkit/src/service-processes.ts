import { fileURLToPath } from "node:url";
import { startListeningProcess, type ListeningProcess, type Readiness, type StartOptions } from "./listening-process.js";
import { acceptsConnections, freePort } from "./ports.js";
import type { LogLine, WaitOptions } from "./service-process.js";

/**
 * A service's process entry point (its `dist/main.js`), found through its npm name: the
 * package exports it as `<name>/main`. The caller's package has the service among its
 * (dev) dependencies, so it is installed.
 */
function serviceMain(name: "@onlinebooks/ts-recommendations" | "@onlinebooks/ts-marketplace"): string {
  return fileURLToPath(import.meta.resolve(`${name}/main`));
}

/**
 * When a service counts as started: as {@link Readiness} says, or `"log"`: once it logs
 * that it listens (stdout collected, `LOG_LEVEL` info or lower), its ports then taken
 * from that line — the way to start it on port 0.
 */
export type ServiceReadiness = Readiness | "log";

/** Options of {@link startMarketplaceProcess}, and the ones {@link startRecommendationsProcess} shares. */
export interface ServiceStartOptions extends Omit<StartOptions, "ready"> {
  /** When it counts as started; default `"port"`. */
  readonly ready?: ServiceReadiness;
}

/** Options of {@link startRecommendationsProcess}. */
export interface RecommendationsProcessOptions extends ServiceStartOptions {
  /** Its `METRICS_PORT`; default a free port, which `"port"` readiness waits for too. */
  readonly metricsPort?: number;
}

/** The Recommendations service as a child process. */
export interface RecommendationsProcess extends ListeningProcess {
  /** Its metrics HTTP port (0 when it was started on 0 without `"log"` readiness). */
  readonly metricsPort: number;
}

/**
 * Runs the real Recommendations `main.js` with `GRPC_PORT` and `METRICS_PORT` set (to
 * `options.port` / `options.metricsPort`, by default free ports) plus `options.env`, and
 * resolves once it is ready: by default when both ports accept connections. Its
 * `LOG_LEVEL` and catalog are the service's defaults unless `env` says otherwise.
 */
export async function startRecommendationsProcess(options: RecommendationsProcessOptions = {}): Promise<RecommendationsProcess> {
  const metricsPort = options.metricsPort ?? (await freePort());
  const portsOpen = async (service: ListeningProcess): Promise<boolean> =>
    (await acceptsConnections(service.port)) && (metricsPort === 0 || (await acceptsConnections(metricsPort)));
  const service = await startListeningProcess({
    ...options,
    main: serviceMain("@onlinebooks/ts-recommendations"),
    configure: (port) => ({ env: { GRPC_PORT: String(port), METRICS_PORT: String(metricsPort) } }),
    ready: options.ready === undefined || options.ready === "port" ? portsOpen : options.ready === "log" ? "none" : options.ready,
  });
  if (options.ready !== "log") return Object.assign(service, { metricsPort });
  const line = await listeningLine(service, "recommendations server listening", options.wait);
  return Object.assign(service, { port: Number(line["port"]), metricsPort: Number(line["metricsPort"]) });
}

/**
 * Runs the real marketplace `main.js` with `PORT` set (to `options.port`, by default a
 * free port) plus `options.env` (e.g. `RECOMMENDATIONS_TARGET`), and resolves once it
 * is ready: by default when its port accepts connections.
 */
export async function startMarketplaceProcess(options: ServiceStartOptions = {}): Promise<ListeningProcess> {
  const service = await startListeningProcess({
    ...options,
    main: serviceMain("@onlinebooks/ts-marketplace"),
    configure: (port) => ({ env: { PORT: String(port) } }),
    ready: options.ready === "log" ? "none" : options.ready,
  });
  if (options.ready !== "log") return service;
  const line = await listeningLine(service, "marketplace listening", options.wait);
  return Object.assign(service, { port: Number(line["port"]) });
}

/** Waits for the service's log line whose message starts with `message` and returns it. */
async function listeningLine(service: ListeningProcess, message: string, wait: WaitOptions | undefined): Promise<LogLine> {
  const find = (): LogLine | undefined => service.logLines().find((line) => String(line["msg"]).startsWith(message));
  await service.waitUntil(() => find() !== undefined, wait);
  return find() as LogLine;
}
