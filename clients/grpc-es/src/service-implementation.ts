import type { DescMessage, DescService, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { Server, UntypedHandleCall, UntypedServiceImplementation } from "@grpc/grpc-js";
import type { HandlerContext } from "./handler-context.js";
import { hideInternalError, type ErrorMapper } from "./handler-error.js";
import type { ByMethodKind, MethodShape } from "./method-kind.js";
import type { RequestValidation } from "./request-validation.js";
import { createServiceDefinition, rpcPath, type ServiceDefinitionOptions } from "./service-definition.js";
import { serveBidiStreaming, serveClientStreaming, serveServerStreaming } from "./server-streams.js";
import { serveUnary, type MethodServing } from "./server-unary.js";

/** A handler of a unary method: returns (or resolves to) the response initialiser. */
export type UnaryHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => MessageInitShape<O> | Promise<MessageInitShape<O>>;

/**
 * A handler of a server-streaming method: an async iterable of response initialisers,
 * typically an async generator. Each is sent as the client takes it.
 */
export type ServerStreamingHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => AsyncIterable<MessageInitShape<O>>;

/** A handler of a client-streaming method: consumes the requests, returns (or resolves to) the response initialiser. */
export type ClientStreamingHandler<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: HandlerContext,
) => MessageInitShape<O> | Promise<MessageInitShape<O>>;

/** A handler of a bidi-streaming method: consumes the requests and yields response initialisers, typically as an async generator. */
export type BidiStreamingHandler<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: HandlerContext,
) => AsyncIterable<MessageInitShape<O>>;

/** The handler of one method, by its kind. */
export type MethodHandler<M extends MethodShape> = ByMethodKind<
  M,
  UnaryHandler<M["input"], M["output"]>,
  ServerStreamingHandler<M["input"], M["output"]>,
  ClientStreamingHandler<M["input"], M["output"]>,
  BidiStreamingHandler<M["input"], M["output"]>
>;

/** One handler per method of service `S`, keyed by the method's camelCase name and typed by its kind. */
export type ServiceHandlers<S extends DescService> = {
  readonly [K in keyof S["method"]]: MethodHandler<S["method"][K]>;
};

/** Options of {@link createServiceImplementation} and {@link addService}. */
export interface ServiceImplementationOptions extends ServiceDefinitionOptions {
  /**
   * Turns an error a handler threw that is not a {@link GrpcError} into one, for every
   * method kind. The default answers `INTERNAL` with the details "internal error", so
   * nothing about the failure leaks to the caller.
   */
  mapError?: ErrorMapper;
  /**
   * Checks the request of every unary and server-streaming call against its contract's
   * rules before the handler runs (see `createRequestValidation`): one that breaks them
   * is answered with the `INVALID_ARGUMENT` it returns and never reaches the handler.
   * The messages of a request stream are the handler's to check with it: it may answer
   * an invalid one as one item (as BatchRecommend does) rather than end the call. None
   * by default.
   */
  validation?: RequestValidation;
}

type Init = MessageInitShape<DescMessage>;

/**
 * Adapts promise and async-iterable handlers to grpc-js's call API, for every method
 * kind. A thrown {@link GrpcError} becomes the call's status, with its `google.rpc.Status`
 * details; any other exception or rejection goes through `mapError`, so nothing escapes
 * a handler. Request bytes that cannot be decoded are answered `INVALID_ARGUMENT` —
 * before a unary or server-streaming handler runs, and at the offending message of a
 * request stream — and so is a single request that breaks its contract's rules, with
 * `validation`.
 */
export function createServiceImplementation<S extends DescService>(
  service: S,
  handlers: ServiceHandlers<S>,
  options: ServiceImplementationOptions = {},
): UntypedServiceImplementation {
  const mapError = options.mapError ?? hideInternalError;
  const implementation: UntypedServiceImplementation = {};
  for (const method of service.methods) {
    const handler: unknown = (handlers as Record<string, unknown>)[method.localName];
    if (typeof handler !== "function") {
      throw new TypeError(`no handler for ${service.typeName}.${method.name} (expected "${method.localName}")`);
    }
    const serving: MethodServing = { method, path: rpcPath(service, method, options), mapError, validation: options.validation };
    implementation[method.localName] = serve(method.methodKind, handler, serving);
  }
  return implementation;
}

/** The grpc-js handler of a method of kind `kind`; `handler` was checked to be a function and is typed by {@link ServiceHandlers}. */
function serve(kind: MethodShape["methodKind"], handler: unknown, serving: MethodServing): UntypedHandleCall {
  type Requests = AsyncIterable<Message>;
  switch (kind) {
    case "unary":
      return serveUnary(handler as (request: Message, context: HandlerContext) => Init | PromiseLike<Init>, serving);
    case "server_streaming":
      return serveServerStreaming(handler as (request: Message, context: HandlerContext) => AsyncIterable<Init>, serving);
    case "client_streaming":
      return serveClientStreaming(handler as (requests: Requests, context: HandlerContext) => Init | PromiseLike<Init>, serving);
    case "bidi_streaming":
      return serveBidiStreaming(handler as (requests: Requests, context: HandlerContext) => AsyncIterable<Init>, serving);
  }
}

/**
 * Registers a protobuf-es service on a grpc-js server: the definition of
 * {@link createServiceDefinition} with the handlers of {@link createServiceImplementation}.
 */
export function addService<S extends DescService>(
  server: Server,
  service: S,
  handlers: ServiceHandlers<S>,
  options: ServiceImplementationOptions = {},
): void {
  server.addService(createServiceDefinition(service, options), createServiceImplementation(service, handlers, options));
}
