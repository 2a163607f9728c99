export * from "./gen/recommendations/v1/recommendations_pb.js";
export {
  createRecommendationsClient,
  type RecommendationsClient,
  type RecommendationsClientOptions,
} from "./client.js";
export { DEPRECATION_WARNING_CODE } from "./deprecation-notice.js";
export { GrpcError, Metadata, Status, type CallOptions, type TlsOptions } from "@onlinebooks/grpc-es";
