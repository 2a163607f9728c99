import { createClient, type ClientOptions, type PromiseClient } from "@onlinebooks/grpc-es";
import { ERROR_DOMAIN } from "./errors.js";
import { RecommendationService } from "./gen/recommendations/v2/recommendations_pb.js";

/** A typed promise client of `recommendations.v2.RecommendationService`. */
export type RecommendationsClient = PromiseClient<typeof RecommendationService>;

/**
 * Options of {@link createRecommendationsClient}: credentials, default deadline, channel
 * options, and `validateRequests` — check each request against the contract's rules
 * before sending it, rejecting with the error the server would answer (off by default).
 */
export type RecommendationsClientOptions = Omit<ClientOptions, "errorDomain">;

/**
 * Creates a client of `recommendations.v2.RecommendationService` on a channel to `target`
 * (`"host:port"` or any grpc-js target such as `"dns:///recs:50051"`). Plaintext by
 * default; pass `tls` for TLS or mutual TLS. Failed calls reject with a `GrpcError`
 * whose `code` is the gRPC status and whose `reason` and `fieldViolations` come from
 * the status details. Call `close()` when done.
 */
export function createRecommendationsClient(
  target: string,
  options?: RecommendationsClientOptions,
): RecommendationsClient {
  return createClient(RecommendationService, target, { ...options, errorDomain: ERROR_DOMAIN });
}
