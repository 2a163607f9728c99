export { GrpcError, statusName, type GrpcErrorOptions } from "./grpc-error.js";
export {
  badRequestDetail,
  errorDetail,
  errorInfoDetail,
  STATUS_DETAILS_KEY,
  type ErrorInfoInit,
  type FieldViolationInit,
} from "./error-details.js";
export { ErrorReason } from "./error-reason.js";
export {
  createRequestValidation,
  MAX_FULLY_CHECKED_VALUES,
  MAX_LISTED_VIOLATIONS,
  type RequestValidation,
  type RequestValidationOptions,
} from "./request-validation.js";
export * from "./gen/google/rpc/error_details_pb.js";
// google.rpc.Status is `RpcStatus` here: `Status` is grpc-js's enum of status codes.
export { file_google_rpc_status, StatusSchema, type Status as RpcStatus } from "./gen/google/rpc/status_pb.js";
export { createServiceDefinition, type ServiceDefinitionOptions } from "./service-definition.js";
export { createChannelCredentials, type TlsOptions } from "./credentials.js";
export type { CallOptions } from "./call-options.js";
export type { MessageSource } from "./message-pump.js";
export {
  createClient,
  type BidiStreamingCall,
  type ClientCall,
  type ClientOptions,
  type ClientStreamingCall,
  type PromiseClient,
  type ServerStreamingCall,
  type UnaryCall,
} from "./client.js";
export { CLIENT_NAME_KEY } from "./client-name.js";
export type { HandlerContext } from "./handler-context.js";
export type { ErrorMapper } from "./handler-error.js";
export {
  addService,
  createServiceImplementation,
  type BidiStreamingHandler,
  type ClientStreamingHandler,
  type MethodHandler,
  type ServerStreamingHandler,
  type ServiceHandlers,
  type ServiceImplementationOptions,
  type UnaryHandler,
} from "./service-implementation.js";
export { createServer, type CreateServerOptions } from "./server.js";
export { status as Status, Metadata } from "@grpc/grpc-js";
