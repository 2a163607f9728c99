import type { RequestListener } from "node:http";
import type Koa from "koa";
import type { Logger } from "pino";
import type { TlsOptions } from "@onlinebooks/recommendations-v2";
import { createApp } from "./app.js";
import type { AppState } from "./app-state.js";
import { createEventLoopMonitor } from "./event-loop-monitor.js";
import { createLoadShedder, DEFAULT_LOAD_SHEDDING, type LoadSheddingLimits } from "./load-shedding.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { createReadiness, type Readiness } from "./readiness.js";
import { createRecommendationsClients } from "./services/clients.js";
import { createRolloutLookup, type RolloutLookup } from "./services/rollout-lookup.js";
import { createRollout, type RolloutMode } from "./services/rollout.js";
import { createV1Source } from "./services/v1-source.js";
import { createV2Source } from "./services/v2-source.js";
import { createViews } from "./views.js";

/** Options of {@link createMarketplace}: the configuration values the app is built from. */
export interface MarketplaceOptions {
  /** grpc target of the Recommendations service, for example `127.0.0.1:50051`. */
  readonly recommendationsTarget: string;
  /** TLS material for the channel; plaintext when undefined. */
  readonly tls?: TlsOptions | undefined;
  /** Rollout mode. */
  readonly api: RolloutMode;
  /** Percentage of readers on v2 in split and shadow mode. */
  readonly v2Percent: number;
  /** Deadline of one page's recommendation lookup in milliseconds. */
  readonly timeoutMs: number;
  /** The logger. */
  readonly logger: Logger;
  /** Collect Node.js process metrics too (main does; tests need not). */
  readonly processMetrics?: boolean;
  /** A successful request this slow or slower (milliseconds) is logged at `info`; default 250. */
  readonly logSlowMs?: number;
  /** Make an OpenTelemetry server span per page request (main does when tracing is on); default false. */
  readonly tracing?: boolean;
  /** When to shed load; default {@link DEFAULT_LOAD_SHEDDING}. */
  readonly loadShedding?: LoadSheddingLimits;
}

/** A wired marketplace: the app, its parts, and `close()` for the channels. */
export interface Marketplace {
  /** The Koa app (without load shedding); `app.callback()` serves it. */
  readonly app: Koa<AppState>;
  /** What the HTTP server serves: the app behind load shedding. */
  readonly listener: RequestListener;
  /** Its metrics. */
  readonly metrics: Metrics;
  /** Its readiness flag (starts as `starting`; call `ready()` once listening). */
  readonly readiness: Readiness;
  /** Its rollout lookup (serving version, fallback, shadow). */
  readonly rolloutLookup: RolloutLookup;
  /** Waits for shadow calls in flight, then closes both gRPC channels and stops measuring the event loop. */
  close(): Promise<void>;
}

/**
 * Wires the marketplace from its configuration: metrics, the v1 and v2 clients on one
 * target, their sources, the rollout policy, the rollout lookup, the page templates
 * (compiled once, for the app and the load shedding's page), the Koa app and the load
 * shedding in front of it. Used by `main.ts`, the tests and the benchmark alike;
 * it does not listen.
 */
export function createMarketplace(options: MarketplaceOptions): Marketplace {
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  const readiness = createReadiness();
  const clients = createRecommendationsClients({ target: options.recommendationsTarget, tls: options.tls, metrics });
  const rolloutLookup = createRolloutLookup({
    sources: { v1: createV1Source({ client: clients.v1 }), v2: createV2Source({ client: clients.v2 }) },
    rollout: createRollout({ mode: options.api, v2Percent: options.v2Percent }),
    timeoutMs: options.timeoutMs,
    metrics,
    logger: options.logger,
  });
  const views = createViews();
  const app = createApp({ rolloutLookup, metrics, readiness, views, logger: options.logger, logSlowMs: options.logSlowMs, tracing: options.tracing });
  const eventLoop = createEventLoopMonitor();
  const shedder = createLoadShedder({ ...(options.loadShedding ?? DEFAULT_LOAD_SHEDDING), eventLoop, views, metrics });
  return {
    app,
    listener: shedder.wrap(app.callback()),
    metrics,
    readiness,
    rolloutLookup,
    async close() {
      await rolloutLookup.settled();
      clients.close();
      eventLoop.close();
    },
  };
}
