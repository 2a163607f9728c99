import { fileURLToPath } from "node:url";
import { ServerCredentials, type Server } from "@grpc/grpc-js";
import { addService, createRequestValidation, createServer } from "@onlinebooks/grpc-es";
import { Recommendations } from "@onlinebooks/recommendations-v1";
import { ERROR_DOMAIN, RecommendationService } from "@onlinebooks/recommendations-v2";
import { pino, type Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { createErrorMapper } from "../adapters/map-error.js";
import { createV1Handlers } from "../adapters/v1-adapter.js";
import { createV2Handlers } from "../adapters/v2-adapter.js";
import { loadCatalogFile } from "../domain/catalog-file.js";
import { createRecommender } from "../domain/recommender.js";
import { createDeprecationInterceptor, type ApiDeprecation } from "./api-deprecation.js";
import { createApiUsageMetrics } from "./api-usage-metrics.js";
import { createCallLogger } from "./call-logger.js";
import { createCallAdmission, DEFAULT_MAX_CONCURRENT_CALLS } from "./call-admission.js";
import { createGrpcMetrics } from "./grpc-metrics.js";
import { createServiceHealth, HEALTH_SERVICE_NAME } from "./health.js";
import { grpcServerOptions, http2LimitHooks } from "./http2-limits.js";
import { hookHttp2Servers } from "./http2-server-hooks.js";
import { startMetricsHttpServer, type MetricsHttpServer } from "./metrics-http-server.js";
import { createObservingInterceptor } from "./observing-interceptor.js";
import { createOverloadReport } from "./overload-report.js";
import { createReflectionService } from "./reflection.js";
import { LEGACY_SERVICE_NAME } from "./served-api.js";
import { traceRecommender } from "./traced-recommender.js";

/** The catalog shipped with the service. */
export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL("../../data/catalog.json", import.meta.url));
/** The largest request message the server accepts; larger ones fail with RESOURCE_EXHAUSTED. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Options of {@link startRecommendationsServer}. */
export interface RecommendationsServerOptions {
  /** Address to listen on; default `"0.0.0.0"`. */
  host?: string;
  /** gRPC port; default 50051; 0 = any free port. */
  port?: number;
  /** Catalog file; default the shipped catalog. */
  catalogPath?: string;
  /** Logger; default pino at level info on stdout. */
  logger?: Logger;
  /** Port of the HTTP `/metrics` endpoint (on `host`); `false` (default) serves none; 0 = any free port. */
  metricsPort?: number | false;
  /** TLS key material (PEM); plaintext when absent. `clientCa` set = clients must present a certificate it signed. */
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
  /** How long shutdown waits for calls in flight before cancelling them; default 30000 ms. */
  shutdownGraceMs?: number;
  /** The clock, in milliseconds since the epoch; default `Date.now`. Decides the ranking's day. */
  now?: () => number;
  /**
   * How long a client connection may live before the server sends GOAWAY (grpc-js adds
   * ±10% jitter); calls in flight then get `shutdownGraceMs` to finish. Clients
   * reconnect, re-resolving DNS, which is how round-robin clients discover new
   * replicas. Default: no limit.
   */
  maxConnectionAgeMs?: number;
  /** A successful call this slow or slower (milliseconds) is logged at `info`; faster ones only at `debug`. Default 250. */
  logSlowMs?: number;
  /**
   * How long a client connection may stay without calls before the server closes it
   * (GOAWAY; the client reconnects when it next calls). Default: no limit.
   */
  maxConnectionIdleMs?: number;
  /**
   * Calls that may be in progress at once; past it a call is answered
   * `RESOURCE_EXHAUSTED` at once (health checks are never refused). Default
   * {@link DEFAULT_MAX_CONCURRENT_CALLS}.
   */
  maxConcurrentCalls?: number;
  /**
   * The announced deprecation and sunset of v1 and the legacy path: sent with every
   * answer of theirs (`deprecation`, `sunset` metadata) and the sunset exported as a
   * metric. Default: nothing announced.
   */
  v1Deprecation?: ApiDeprecation;
  /**
   * Wrap every domain call in an OpenTelemetry span (a child of the bridge's server span,
   * which the bridge makes whenever an SDK is registered). Default false; main sets it
   * when tracing is on.
   */
  tracing?: boolean;
}

/** A running Recommendations server. */
export interface RecommendationsServer {
  /** The bound gRPC port. */
  readonly port: number;
  /** `host:port` to dial, usable as a grpc target (wildcard hosts become 127.0.0.1). */
  readonly address: string;
  /** The bound metrics port, or undefined when metrics are not served. */
  readonly metricsPort: number | undefined;
  /**
   * Graceful shutdown: health turns NOT_SERVING (watchers are told, then their streams
   * end), no new calls are accepted, calls in flight finish — or are cancelled when the
   * grace period ends — and the promise resolves when the port is free.
   */
  shutdown(): Promise<void>;
  /** Stops at once, cancelling calls in flight. */
  forceShutdown(): void;
}

/** The service names the server answers, and reports health for. */
export const SERVICE_NAMES = [LEGACY_SERVICE_NAME, Recommendations.typeName, RecommendationService.typeName] as const;

/**
 * Loads the catalog and starts the Recommendations gRPC server: the legacy path
 * `/Recommendations/Recommend`, `recommendations.v1.Recommendations` and
 * `recommendations.v2.RecommendationService` on one port, with health, reflection,
 * per-call logs, Prometheus metrics (calls per API version and caller among them) and
 * the deprecation fields of v1 and the legacy path on their answers. Rejects, having opened nothing, when the
 * catalog is missing or malformed (a {@link CatalogError}) or a port cannot be bound.
 */
export async function startRecommendationsServer(options: RecommendationsServerOptions = {}): Promise<RecommendationsServer> {
  const host = options.host ?? "0.0.0.0";
  const logger = options.logger ?? pino({ level: "info" });
  const graceMs = options.shutdownGraceMs ?? 30_000;
  const catalog = await loadCatalogFile(options.catalogPath ?? DEFAULT_CATALOG_PATH);
  const core = createRecommender({ catalog, now: options.now });
  const recommender = options.tracing ? traceRecommender(core) : core;

  const registry = new Registry();
  const v1Deprecation = options.v1Deprecation ?? {};
  const maxConcurrentCalls = options.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS;
  const admission = createCallAdmission({
    maxConcurrentCalls,
    exemptServices: [HEALTH_SERVICE_NAME],
    onRefused: createOverloadReport(registry, logger, maxConcurrentCalls),
  });
  // A call passes the interceptors in this order, and each sees the statuses sent by
  // those after it: the observers come first, the admission (which answers calls
  // without a request, or past the concurrency bound) after them. The bridge's server adds its own
  // after all of them: ending open streams at shutdown, and its answer to undecodable
  // requests. Streams the admission refuses before grpc-js sees them reach no
  // interceptor: grpc_server_refused_total counts them.
  const server = createServer({
    errorDomain: ERROR_DOMAIN,
    interceptors: [
      createObservingInterceptor(
        createCallLogger(logger, { slowMs: options.logSlowMs ?? 250 }),
        createGrpcMetrics(registry),
        createApiUsageMetrics(registry, { services: SERVICE_NAMES, v1Deprecation }),
      ),
      createDeprecationInterceptor(v1Deprecation, new Set([LEGACY_SERVICE_NAME, Recommendations.typeName])),
      admission.interceptor,
    ],
    "grpc.max_receive_message_length": MAX_REQUEST_BYTES,
    ...grpcServerOptions(),
    ...(options.maxConnectionAgeMs
      ? { "grpc.max_connection_age_ms": options.maxConnectionAgeMs, "grpc.max_connection_age_grace_ms": graceMs }
      : {}),
    ...(options.maxConnectionIdleMs ? { "grpc.max_connection_idle_ms": options.maxConnectionIdleMs } : {}),
  });
  hookHttp2Servers(server, { ...http2LimitHooks(), onStream: admission.refuse });
  // One validation step for every method of every version: each request is checked
  // against its contract's buf.validate rules before an adapter sees it, each item of a
  // BatchRecommend stream before the adapter handles it.
  const handling = { mapError: createErrorMapper(logger), validation: createRequestValidation({ domain: ERROR_DOMAIN }) };
  const v1 = createV1Handlers(recommender);
  addService(server, Recommendations, v1, { serviceName: LEGACY_SERVICE_NAME, ...handling });
  addService(server, Recommendations, v1, handling);
  addService(server, RecommendationService, createV2Handlers(recommender, handling.mapError, handling.validation), handling);
  const health = createServiceHealth(SERVICE_NAMES);
  health.addToServer(server);
  createReflectionService().addToServer(server);

  const port = await bind(server, host, options.port ?? 50051, credentialsOf(options.tls));
  let metrics: MetricsHttpServer | undefined;
  if (options.metricsPort !== undefined && options.metricsPort !== false) {
    collectDefaultMetrics({ register: registry });
    try {
      metrics = await startMetricsHttpServer(registry, host, options.metricsPort);
    } catch (error) {
      server.forceShutdown();
      throw error;
    }
  }
  health.serving();
  logger.info(
    { port, metricsPort: metrics?.port, tls: options.tls ? (options.tls.clientCa ? "mutual" : "server") : "off", books: catalog.size },
    "recommendations server listening",
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    address: `${dialHost(host)}:${port}`,
    metricsPort: metrics?.port,
    shutdown() {
      stopping ??= (async () => {
        logger.info({ graceMs }, "draining");
        health.notServing();
        // Stops accepting calls and ends open streams (health watchers, batches) UNAVAILABLE.
        await drain(server, graceMs, logger);
        await metrics?.close();
        logger.info("stopped");
      })();
      return stopping;
    },
    forceShutdown() {
      health.notServing();
      server.forceShutdown();
      void metrics?.close();
    },
  };
}

function credentialsOf(tls: RecommendationsServerOptions["tls"]): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const clientCa = tls.clientCa ?? null;
  return ServerCredentials.createSsl(clientCa, [{ cert_chain: tls.cert, private_key: tls.key }], clientCa !== null);
}

function bind(server: Server, host: string, port: number, credentials: ServerCredentials): Promise<number> {
  const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
}

/** Resolves when the listeners are closed and every call has ended (grpc-js calls back after a forced shutdown too). */
function drain(server: Server, graceMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ graceMs }, "grace period over: cancelling calls still in flight");
      server.forceShutdown();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function dialHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
