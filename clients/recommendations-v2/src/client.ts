import { createClient, type ClientOptions, type PromiseClient } from "@onlinebooks/grpc-es";
import { RecommendationService } from "./gen/recommendations/v2/recommendations_pb.js";

/** A typed promise client of `recommendations.v2.RecommendationService`. */
export type RecommendationsClient = PromiseClient<typeof RecommendationService>;

/** Options of {@link createRecommendationsClient}: credentials, default deadline, channel options. */
export type RecommendationsClientOptions = ClientOptions;

/**
 * Creates a client of `recommendations.v2.RecommendationService` on a channel to `target`
 * (`"host:port"` or any grpc-js target such as `"dns:///recs:50051"`). Plaintext by
 * default; pass `tls` for TLS or mutual TLS. Failed calls reject with a `GrpcError`
 * whose `code` is the gRPC status. Call `close()` when done.
 */
export function createRecommendationsClient(
  target: string,
  options?: RecommendationsClientOptions,
): RecommendationsClient {
  return createClient(RecommendationService, target, options);
}
