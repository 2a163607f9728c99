import { ErrorReason as BridgeReason } from "@onlinebooks/grpc-es";

/** The `google.rpc.ErrorInfo` domain of every error of the Recommendations API. */
export const ERROR_DOMAIN = "recommendations.onlinebooks";

/**
 * The `google.rpc.ErrorInfo` reasons of the errors of `recommendations.v2.RecommendationService`
 * (`error.reason` of a `GrpcError`); each RPC's comment in the contract lists the ones it
 * returns, with their status codes.
 */
export const ErrorReason = {
  ...BridgeReason,
  /** INVALID_ARGUMENT: a page_token that was not returned for this same request. */
  INVALID_PAGE_TOKEN: "INVALID_PAGE_TOKEN",
  /** INVALID_ARGUMENT: a category the server's catalog does not have. */
  UNKNOWN_CATEGORY: "UNKNOWN_CATEGORY",
  /** RESOURCE_EXHAUSTED: the server has too many calls in progress; retry after a short backoff, on this or another replica. */
  OVERLOADED: "OVERLOADED",
} as const;
