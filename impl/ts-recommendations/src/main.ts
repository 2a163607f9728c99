import { createServiceLogger, startTracing } from "@onlinebooks/service-kit";
import { ConfigError, loadConfig } from "./config.js";
import { CatalogError } from "./domain/catalog-file.js";
import { startRecommendationsServer, type RecommendationsServer } from "./server/recommendations-server.js";

/**
 * Runs the Recommendations service from the environment: validates the configuration,
 * loads the catalog, serves gRPC and `/metrics`, and on SIGTERM or SIGINT drains and
 * exits 0 (a second signal stops at once, exit 1). A bad variable or catalog stops
 * start-up with one line on stderr and exit code 1.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Readable lines on a terminal (npm start), JSON lines otherwise.
  const logger = createServiceLogger({ level: config.logLevel, base: { service: "recommendations" }, pretty: process.stdout.isTTY === true });
  // Before anything makes a span: the SDK, its context manager and propagator (off unless OTEL_* say so).
  const tracing = startTracing(config.tracing, { serviceName: "recommendations" });
  let server: RecommendationsServer | undefined;
  let signalled = false;
  const stop = (running: RecommendationsServer): void => {
    running
      .shutdown()
      .then(() => tracing.shutdown()) // exports the spans still buffered
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn({ signal }, "second signal: stopping at once");
      server?.forceShutdown();
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, "shutting down");
    if (server) stop(server);
  };
  // Installed before start-up, so a signal that arrives while the catalog loads is not
  // lost: the server is stopped as soon as it is up.
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  server = await startRecommendationsServer({
    port: config.grpcPort,
    metricsPort: config.metricsPort,
    catalogPath: config.catalogPath,
    tls: config.tls,
    maxConnectionAgeMs: config.maxConnectionAgeMs,
    logSlowMs: config.logSlowMs,
    v1Deprecation: config.v1Deprecation,
    tracing: tracing.enabled,
    maxConnectionIdleMs: config.maxConnectionIdleMs,
    maxConcurrentCalls: config.maxConcurrentCalls,
    logger,
  });
  if (signalled) stop(server);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof CatalogError;
  const message = known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`recommendations: ${message}\n`);
  process.exit(1);
});
