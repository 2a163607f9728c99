export * from "./gen/recommendations/v1/recommendations_pb.js";
export {
  createRecommendationsClient,
  type RecommendationsClient,
  type RecommendationsClientOptions,
} from "./client.js";
export { GrpcError, Metadata, Status, type CallOptions, type TlsOptions } from "@onlinebooks/grpc-es";
