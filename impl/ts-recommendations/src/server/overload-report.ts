import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";

/** How often, at most, refusals are logged. */
const LOG_EVERY_MS = 10_000;

/**
 * Counts the calls refused for overload in `grpc_server_refused_total` and logs a
 * `warn` line about them at most every 10 s (one line per refused call would add to
 * the overload it reports). Returns the function to call for each refusal.
 */
export function createOverloadReport(registry: Registry, logger: Logger, maxConcurrentCalls: number): () => void {
  const refused = new Counter({
    name: "grpc_server_refused_total",
    help: "RPCs answered RESOURCE_EXHAUSTED because the server had GRPC_MAX_CONCURRENT_CALLS calls in progress.",
    registers: [registry],
  });
  let unreported = 0;
  let lastLog = -Infinity;
  return () => {
    refused.inc();
    unreported += 1;
    const now = performance.now();
    if (now - lastLog < LOG_EVERY_MS) return;
    logger.warn({ refused: unreported, maxConcurrentCalls }, "overloaded: refusing calls with RESOURCE_EXHAUSTED");
    unreported = 0;
    lastLog = now;
  };
}
