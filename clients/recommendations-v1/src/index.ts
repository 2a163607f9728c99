export * from "./gen/recommendations/v1/recommendations_pb.js";
export {
  createRecommendationsClient,
  type RecommendationsClient,
  type RecommendationsClientOptions,
} from "./client.js";
export { ERROR_DOMAIN, ErrorReason } from "./errors.js";
export {
  BadRequestSchema,
  ErrorInfoSchema,
  GrpcError,
  Metadata,
  Status,
  type BadRequest,
  type BadRequest_FieldViolation,
  type CallOptions,
  type ErrorInfo,
  type TlsOptions,
} from "@onlinebooks/grpc-es";
