import { ErrorReason as BridgeReason } from "@onlinebooks/grpc-es";

/** The `google.rpc.ErrorInfo` domain of every error of the Recommendations API. */
export const ERROR_DOMAIN = "recommendations.onlinebooks";

/**
 * The `google.rpc.ErrorInfo` reasons of the errors of `recommendations.v1.Recommendations`
 * (`error.reason` of a `GrpcError`); each RPC's comment in the contract lists the ones it
 * returns, with their status codes.
 */
export const ErrorReason = {
  ...BridgeReason,
  /** NOT_FOUND: a category v1 does not know ("Category not found"). */
  CATEGORY_NOT_FOUND: "CATEGORY_NOT_FOUND",
  /** RESOURCE_EXHAUSTED: the server has too many calls in progress; retry after a short backoff, on this or another replica. */
  OVERLOADED: "OVERLOADED",
} as const;
