export * from "./gen/recommendations/v1/recommendations_pb.js";
export {
  createRecommendationsClient,
  type RecommendationsClient,
  type RecommendationsClientOptions,
} from "./client.js";
export { DEPRECATION_WARNING_CODE } from "./deprecation-notice.js";
export { ERROR_DOMAIN, ErrorReason } from "./errors.js";
export { BadRequestSchema, ErrorInfoSchema, GrpcError, Metadata, Status } from "@onlinebooks/grpc-es";
export type { BadRequest, BadRequest_FieldViolation, CallOptions, ErrorInfo, TlsOptions } from "@onlinebooks/grpc-es";
