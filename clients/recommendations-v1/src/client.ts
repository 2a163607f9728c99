import { createClient, type ClientOptions, type PromiseClient } from "@onlinebooks/grpc-es";
import { deprecationNotice } from "./deprecation-notice.js";
import { ERROR_DOMAIN } from "./errors.js";
import { Recommendations } from "./gen/recommendations/v1/recommendations_pb.js";

/** A typed promise client of `recommendations.v1.Recommendations`. */
export type RecommendationsClient = PromiseClient<typeof Recommendations>;

/**
 * Options of {@link createRecommendationsClient}: credentials, default deadline, channel
 * options, client name, and `validateRequests` — check each request against the
 * contract's rules before sending it, rejecting with the error the server would answer
 * (off by default).
 */
export type RecommendationsClientOptions = Omit<ClientOptions, "errorDomain">;

/**
 * Creates a client of `recommendations.v1.Recommendations` on a channel to `target`
 * (`"host:port"` or any grpc-js target such as `"dns:///recs:50051"`). Plaintext by
 * default; pass `tls` for TLS or mutual TLS. Failed calls reject with a `GrpcError`
 * whose `code` is the gRPC status and whose `reason` and `fieldViolations` come from
 * the status details. Call `close()` when done. v1 is deprecated: the first call of the
 * process emits a `DeprecationWarning` naming the sunset date the server announced and
 * `@onlinebooks/recommendations-v2`.
 */
export function createRecommendationsClient(
  target: string,
  options: RecommendationsClientOptions = {},
): RecommendationsClient {
  return createClient(Recommendations, target, {
    ...options,
    errorDomain: ERROR_DOMAIN,
    interceptors: [deprecationNotice, ...(options.interceptors ?? [])],
  });
}
