import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { createServiceLogger, startTracing } from "@onlinebooks/service-kit";
import { ConfigError, loadConfig, type MarketplaceConfig } from "./config.js";
import { createHttpServer } from "./http-server.js";
import { createMarketplace } from "./marketplace.js";
import { checkRecommendationsTls } from "./services/tls-check.js";

function readConfig(): MarketplaceConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`marketplace: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
}

const config = readConfig();
// Readable lines on a terminal (npm start), JSON lines otherwise.
const logger = createServiceLogger({ name: "marketplace", level: config.logLevel, pretty: process.stdout.isTTY === true });
// Before anything makes a span: the SDK, its context manager and propagator (off unless OTEL_* say so).
const tracing = startTracing(config.tracing, { serviceName: "marketplace" });
const marketplace = createMarketplace({ ...config, logger, processMetrics: true, tracing: tracing.enabled });
const server = createHttpServer(marketplace.listener);

server.listen(config.port);
try {
  await once(server, "listening");
} catch (error) {
  logger.fatal({ err: error, port: config.port }, "cannot listen");
  await marketplace.close();
  process.exit(1);
}
marketplace.readiness.ready();
const address = server.address();
const port = typeof address === "object" && address !== null ? address.port : config.port;
logger.info(
  { port, recommendations: config.recommendationsTarget, api: config.api, v2Percent: config.v2Percent },
  `marketplace listening on http://localhost:${port}/`,
);
// Wrong certificates would otherwise only show as "recommendations unavailable" on every page.
if (config.tls) void checkRecommendationsTls({ target: config.recommendationsTarget, tls: config.tls, logger });

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, "second signal, exiting now");
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal, delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs }, "draining");
  marketplace.readiness.drain();
  await sleep(config.shutdownDelayMs);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = sleep(config.shutdownGraceMs).then(() => "timeout" as const);
  if ((await Promise.race([closed, grace])) === "timeout") {
    logger.warn("grace period over, closing the remaining connections");
    server.closeAllConnections();
  }
  await marketplace.close();
  await tracing.shutdown(); // exports the spans still buffered
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", (signal) => void shutdown(signal));
process.on("SIGINT", (signal) => void shutdown(signal));
