import {
  create,
  type DescMessage,
  type DescMethod,
  type DescService,
  type Message,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import {
  Metadata,
  status as Status,
  type Deadline,
  type sendUnaryData,
  type Server,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { GrpcError } from "./grpc-error.js";
import { assertUnary, type UnaryMethodNames } from "./method-kind.js";
import type { RequestValidation } from "./request-validation.js";
import { createServiceDefinition, rpcPath, type ServiceDefinitionOptions } from "./service-definition.js";
import { undecodableRequestStatus } from "./undecodable-request.js";

/** What a handler knows about the call it answers. */
export interface HandlerContext {
  /** The RPC path, for example `/recommendations.v2.RecommendationService/Recommend`. */
  readonly path: string;
  /** Request metadata sent by the client. */
  readonly metadata: Metadata;
  /** The client's address, as grpc-js reports it. */
  readonly peer: string;
  /** The call's deadline (`Infinity` when the client set none). */
  readonly deadline: Deadline;
  /** Aborted when the client cancels the call or its deadline passes. */
  readonly signal: AbortSignal;
}

/** A handler of one unary method: returns (or resolves to) the response initialiser. */
export type UnaryHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => MessageInitShape<O> | Promise<MessageInitShape<O>>;

/** One handler per unary method of service `S`, keyed by the method's camelCase name. */
export type ServiceHandlers<S extends DescService> = {
  readonly [K in UnaryMethodNames<S>]: UnaryHandler<S["method"][K]["input"], S["method"][K]["output"]>;
};

/** Options of {@link createServiceImplementation} and {@link addService}. */
export interface ServiceImplementationOptions extends ServiceDefinitionOptions {
  /**
   * Turns an error a handler threw that is not a {@link GrpcError} into one. The
   * default answers `INTERNAL` with the details "internal error", so nothing about
   * the failure leaks to the caller.
   */
  mapError?: (error: unknown, method: DescMethod) => GrpcError;
  /**
   * Checks every request against its contract's rules before the handler runs (see
   * `createRequestValidation`); a request that breaks them is answered with the
   * `INVALID_ARGUMENT` it returns and never reaches the handler. None by default.
   */
  validation?: RequestValidation;
}

/**
 * Adapts promise-returning handlers to grpc-js's callback API. A thrown
 * {@link GrpcError} becomes the call's status, with its `google.rpc.Status` details;
 * any other exception or rejection goes through `mapError`, so nothing escapes a
 * handler. A request whose bytes cannot be decoded, or that breaks its contract's
 * rules (with `validation`), is answered `INVALID_ARGUMENT` before the handler runs.
 */
export function createServiceImplementation<S extends DescService>(
  service: S,
  handlers: ServiceHandlers<S>,
  options: ServiceImplementationOptions = {},
): UntypedServiceImplementation {
  const mapError = options.mapError ?? (() => new GrpcError(Status.INTERNAL, "internal error"));
  const { validation } = options;
  const implementation: UntypedServiceImplementation = {};
  for (const method of service.methods) {
    assertUnary(method);
    const handler = (handlers as Record<string, UnaryHandler<DescMessage, DescMessage> | undefined>)[method.localName];
    if (typeof handler !== "function") {
      throw new TypeError(`no handler for ${service.typeName}.${method.name} (expected "${method.localName}")`);
    }
    const path = rpcPath(service, method, options);
    implementation[method.localName] = (
      call: ServerUnaryCall<Message, Message>,
      callback: sendUnaryData<Message>,
    ) => {
      const { request } = call;
      const undecodable = undecodableRequestStatus(request);
      if (undecodable !== undefined) {
        callback(undecodable);
        return;
      }
      const context = new CallContext(call, path);
      const fail = (error: unknown): void => {
        context.settle();
        callback(toGrpcError(error, method, mapError).toStatus());
      };
      const succeed = (init: MessageInitShape<DescMessage>): void => {
        let response: Message;
        try {
          response = create(method.output, init);
        } catch (error) {
          fail(error);
          return;
        }
        context.settle();
        callback(null, response);
      };
      // A handler that answers synchronously is answered without a promise round trip.
      let result: MessageInitShape<DescMessage> | PromiseLike<MessageInitShape<DescMessage>>;
      try {
        const invalid = validation?.check(method.input, request);
        if (invalid !== undefined) {
          fail(invalid);
          return;
        }
        result = handler(request, context);
      } catch (error) {
        fail(error);
        return;
      }
      if (isPromiseLike(result)) Promise.resolve(result).then(succeed, fail);
      else succeed(result);
    };
  }
  return implementation;
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

/**
 * The handler's context. `peer`, `deadline` and `signal` are computed when first read:
 * most handlers never look, and an AbortController per call, aborted when grpc-js
 * reports the stream closed (which it does after every call), cost more than the
 * lookup itself. Once the call is answered (`settle()`), a later close aborts nothing.
 */
class CallContext implements HandlerContext {
  readonly metadata: Metadata;
  private controller: AbortController | undefined;
  private abort: (() => void) | undefined;

  constructor(
    private readonly call: ServerUnaryCall<unknown, unknown>,
    readonly path: string,
  ) {
    this.metadata = call.metadata;
  }

  get peer(): string {
    return this.call.getPeer();
  }

  get deadline(): Deadline {
    return this.call.getDeadline();
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.call.cancelled) controller.abort();
      else {
        this.abort = () => controller.abort();
        this.call.once("cancelled", this.abort);
      }
    }
    return this.controller.signal;
  }

  /** Detaches the cancellation listener, if `signal` was read: the call is answered. */
  settle(): void {
    if (this.abort !== undefined) this.call.removeListener("cancelled", this.abort);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function toGrpcError(error: unknown, method: DescMethod, mapError: (e: unknown, m: DescMethod) => GrpcError): GrpcError {
  if (error instanceof GrpcError) return error;
  try {
    return mapError(error, method);
  } catch {
    return new GrpcError(Status.INTERNAL, "internal error");
  }
}
