import {
  createClient,
  createRequestValidation,
  type ClientOptions,
  type PromiseClient,
  type RequestValidation,
} from "@onlinebooks/grpc-es";
import { ERROR_DOMAIN } from "./errors.js";
import { RecommendationService } from "./gen/recommendations/v2/recommendations_pb.js";

/** A typed promise client of `recommendations.v2.RecommendationService`. */
export type RecommendationsClient = PromiseClient<typeof RecommendationService>;

/** Options of {@link createRecommendationsClient}: credentials, default deadline, channel options, local validation. */
export interface RecommendationsClientOptions extends Omit<ClientOptions, "validation"> {
  /**
   * Check every request against the contract's rules (its buf.validate annotations)
   * before sending it: a request that breaks them rejects with the `INVALID_ARGUMENT`
   * `GrpcError` the server would answer — reason `INVALID_FIELDS`, every violation in
   * `fieldViolations` — and is never sent. Off by default: the server checks anyway.
   */
  validateRequests?: boolean;
}

let validation: RequestValidation | undefined;

/**
 * Creates a client of `recommendations.v2.RecommendationService` on a channel to `target`
 * (`"host:port"` or any grpc-js target such as `"dns:///recs:50051"`). Plaintext by
 * default; pass `tls` for TLS or mutual TLS. Failed calls reject with a `GrpcError`
 * whose `code` is the gRPC status and whose `reason` and `fieldViolations` come from
 * the status details. Call `close()` when done.
 */
export function createRecommendationsClient(
  target: string,
  options: RecommendationsClientOptions = {},
): RecommendationsClient {
  const { validateRequests = false, ...clientOptions } = options;
  if (validateRequests) validation ??= createRequestValidation({ domain: ERROR_DOMAIN });
  return createClient(RecommendationService, target, { ...clientOptions, validation: validateRequests ? validation : undefined });
}
