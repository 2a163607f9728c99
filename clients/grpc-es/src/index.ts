export { GrpcError, statusName } from "./grpc-error.js";
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
export { createServer } from "./server.js";
export { status as Status, Metadata } from "@grpc/grpc-js";
