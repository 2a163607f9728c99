export * from "./gen/recommendations/v2/recommendations_pb.js";
export {
  createRecommendationsClient,
  type RecommendationsClient,
  type RecommendationsClientOptions,
} from "./client.js";
export { ERROR_DOMAIN, ErrorReason } from "./errors.js";
export { BadRequestSchema, ErrorInfoSchema, GrpcError, Metadata, Status } from "@onlinebooks/grpc-es";
export type { BadRequest, BadRequest_FieldViolation, CallOptions, ErrorInfo, TlsOptions } from "@onlinebooks/grpc-es";
