import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  startListeningProcess,
  startMarketplaceProcess,
  startRecommendationsProcess,
  type ListeningProcess,
  type StartOptions,
} from "@onlinebooks/testkit";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Extra Node.js options for the services, e.g. `--cpu-prof` (set by `--profile`). */
export const serviceNodeOptions: string[] = [];

/**
 * How the bench runs every process: only PATH inherited, ready once its port accepts a
 * TCP connection (checked every 5 ms, up to 120 s). Its stdout (the logs of the default
 * level) goes to /dev/null, so writing logs costs what it costs in production and never
 * blocks on a full pipe; stderr is passed through.
 */
const BENCH_PROCESS: StartOptions = { stdout: "ignore", stderr: "inherit", wait: { timeoutMs: 120_000, intervalMs: 5 } };

/**
 * Starts the real Recommendations service (`main.js`) with its defaults (LOG_LEVEL
 * info, as shipped: failed and slow calls logged) on the shipped catalog; `env`
 * overrides variables.
 */
export function startRecommendations(env: Record<string, string> = {}): Promise<ListeningProcess> {
  return startRecommendationsProcess({ ...BENCH_PROCESS, nodeOptions: serviceNodeOptions, env });
}

/** Starts the real marketplace (`main.js`, defaults) serving every reader from `api`; `env` adds variables. */
export function startMarketplace(api: "v1" | "v2", recommendationsPort: number, env: Record<string, string> = {}): Promise<ListeningProcess> {
  return startMarketplaceProcess({
    ...BENCH_PROCESS,
    nodeOptions: serviceNodeOptions,
    env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendationsPort}`, RECOMMENDATIONS_API: api, ...env },
  });
}

/** Starts the bare grpc-js reference server, answering every call with `books` books (default 10). */
export function startReferenceGrpcServer(books?: number): Promise<ListeningProcess> {
  const args = (port: number): string[] => (books === undefined ? [String(port)] : [String(port), String(books)]);
  return startListeningProcess({ ...BENCH_PROCESS, main: join(HERE, "reference-grpc-server.js"), configure: (port) => ({ args: args(port) }) });
}

/** Starts the minimal Koa + pug reference page, calling the v2 Recommend method of the server on `recommendationsPort`. */
export function startReferencePage(recommendationsPort: number): Promise<ListeningProcess> {
  return startListeningProcess({
    ...BENCH_PROCESS,
    main: join(HERE, "reference-page.js"),
    configure: (port) => ({ args: [String(port), `127.0.0.1:${recommendationsPort}`] }),
  });
}

/** Starts the stand-in OTLP/HTTP receiver of the tracing suite. */
export function startOtlpSink(): Promise<ListeningProcess> {
  return startListeningProcess({ ...BENCH_PROCESS, main: join(HERE, "otlp-sink.js"), configure: (port) => ({ args: [String(port)] }) });
}

/** Stops a process the bench started: SIGTERM, SIGKILL after 5 s; resolves once it has exited. */
export async function stopProcess(service: ListeningProcess): Promise<void> {
  await service.stop("SIGTERM", { killAfterMs: 5000 });
}
