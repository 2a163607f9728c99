export { GrpcError, statusName } from "./grpc-error.js";
export { createServiceDefinition, type ServiceDefinitionOptions } from "./service-definition.js";
export { createChannelCredentials, type TlsOptions } from "./credentials.js";
export { createClient, type CallOptions, type ClientOptions, type PromiseClient, type UnaryCall } from "./client.js";
export {
  addService,
  createServiceImplementation,
  type HandlerContext,
  type ServiceHandlers,
  type ServiceImplementationOptions,
  type UnaryHandler,
} from "./service-implementation.js";
export { createServer } from "./server.js";
export { status as Status, Metadata } from "@grpc/grpc-js";
