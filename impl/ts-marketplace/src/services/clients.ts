import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import type { CallOptions, TlsOptions } from "@onlinebooks/recommendations-v2";
import { createChildCache } from "@onlinebooks/service-kit";
import type { Metrics } from "../metrics.js";

/** Options of {@link createRecommendationsClients}. */
export interface RecommendationsClientsOptions {
  /** The grpc target of the Recommendations service, for example `localhost:50051`. */
  readonly target: string;
  /** TLS or mutual TLS material; plaintext when undefined. */
  readonly tls?: TlsOptions | undefined;
  /** Where every RPC is counted and timed. */
  readonly metrics: Metrics;
}

/** The clients of both API versions on one target. */
export interface RecommendationsClients {
  /** The recommendations.v1 client (`recommend` only is used). */
  readonly v1: Pick<v1.RecommendationsClient, "recommend">;
  /** The recommendations.v2 client (`recommend` only is used). */
  readonly v2: Pick<v2.RecommendationsClient, "recommend">;
  /** Closes both channels. */
  close(): void;
}

/**
 * The grpc service config of both channels: round-robin over every address the target
 * resolves to, and up to 3 attempts of a call that fails with UNAVAILABLE or with
 * RESOURCE_EXHAUSTED — the service's answer when it is past its concurrency bound, given
 * before the call runs; with round-robin the next attempt goes to another replica.
 * Every RPC of both versions is read-only and idempotent, so a retry is always safe.
 * Retries stay inside the call's deadline, and retry throttling stops them while most
 * calls fail (an overloaded fleet), so retries never multiply the load.
 */
const SERVICE_CONFIG = {
  loadBalancingConfig: [{ round_robin: {} }],
  retryThrottling: { maxTokens: 10, tokenRatio: 0.1 },
  methodConfig: [
    {
      name: [{ service: "recommendations.v1.Recommendations" }, { service: "recommendations.v2.RecommendationService" }],
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: "0.05s",
        maxBackoff: "0.2s",
        backoffMultiplier: 2,
        retryableStatusCodes: ["UNAVAILABLE", "RESOURCE_EXHAUSTED"],
      },
    },
  ],
};

/** How the marketplace names itself to the Recommendations service (its calls per caller). */
const CLIENT_NAME = "marketplace";

const CHANNEL_OPTIONS = {
  "grpc.service_config": JSON.stringify(SERVICE_CONFIG),
  // Reconnect quickly once the service is back, so pages recover within a second or two.
  "grpc.initial_reconnect_backoff_ms": 100,
  "grpc.max_reconnect_backoff_ms": 1000,
};

/**
 * Creates the v1 and v2 clients with the client packages, the retry service config
 * above, quick reconnects and the client name `marketplace`, and wraps their `recommend` so that every RPC is counted
 * (`grpc_client_handled_total`) and timed (`grpc_client_handling_seconds`). Callers
 * pass a deadline on every call.
 */
export function createRecommendationsClients(options: RecommendationsClientsOptions): RecommendationsClients {
  const clientOptions = { tls: options.tls, channelOptions: CHANNEL_OPTIONS, clientName: CLIENT_NAME };
  const v1Client = v1.createRecommendationsClient(options.target, clientOptions);
  const v2Client = v2.createRecommendationsClient(options.target, clientOptions);
  return {
    v1: { recommend: instrument(v1Client.recommend, "recommendations.v1.Recommendations", "Recommend", options.metrics) },
    v2: { recommend: instrument(v2Client.recommend, "recommendations.v2.RecommendationService", "Recommend", options.metrics) },
    close() {
      v1Client.close();
      v2Client.close();
    },
  };
}

function instrument<Req, Res>(
  call: (request: Req, options?: CallOptions) => Promise<Res>,
  service: string,
  method: string,
  metrics: Metrics,
): (request: Req, options?: CallOptions) => Promise<Res> {
  // The children bound to this method's labels (and per status code) are made once, so
  // no label objects are built per RPC.
  const labels = { grpc_service: service, grpc_method: method };
  const duration = metrics.rpcDuration.labels(labels);
  const handledWith = createChildCache({ bind: (code: string) => metrics.rpcs.labels({ ...labels, grpc_code: code }) });
  return async (request, callOptions) => {
    const stop = duration.startTimer();
    let code = "OK";
    try {
      return await call(request, callOptions);
    } catch (error) {
      code = error instanceof v2.GrpcError ? (v2.Status[error.code] ?? String(error.code)) : "UNKNOWN";
      throw error;
    } finally {
      stop();
      handledWith(code).inc();
    }
  };
}
