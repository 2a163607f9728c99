import type { DescMessage, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { Client, type ChannelCredentials, type ChannelOptions, type Interceptor } from "@grpc/grpc-js";
import { checkTimeout, type CallDefaults, type CallOptions } from "./call-options.js";
import { callBidiStreaming, callClientStreaming, callServerStreaming, callUnary } from "./client-calls.js";
import { createClientMethod } from "./client-method.js";
import { checkClientName } from "./client-name.js";
import { createChannelCredentials, type TlsOptions } from "./credentials.js";
import type { MessageSource } from "./message-pump.js";
import type { ByMethodKind, MethodShape } from "./method-kind.js";
import { sharedRequestValidation } from "./request-validation.js";
import { createClientTracing } from "./tracing.js";

/**
 * The retry buffer of one call (grpc-js's `grpc.per_rpc_retry_buffer_size`) unless
 * `channelOptions` set another: 64 KiB instead of grpc-js's 1 MiB. grpc-js acknowledges
 * a stream's writes from this buffer, without backpressure, until the server answers;
 * a megabyte of small messages there costs memory and makes grpc-js's bookkeeping
 * quadratic (each later send copies what is still queued). A request larger than the
 * buffer only loses transparent retries.
 */
const PER_CALL_RETRY_BUFFER_BYTES = 64 * 1024;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** TLS or mutual TLS material; plaintext when omitted. Ignored when `credentials` is set. */
  tls?: TlsOptions;
  /** Ready-made grpc-js channel credentials, for anything `tls` does not cover. */
  credentials?: ChannelCredentials;
  /** Deadline applied to every call that sets no `timeoutMs`, in milliseconds; none by default. */
  defaultTimeoutMs?: number;
  /**
   * grpc-js channel options, for example `"grpc.service_config"` (retries, load
   * balancing), `"grpc.keepalive_time_ms"` or `"grpc.max_receive_message_length"`.
   * `"grpc.per_rpc_retry_buffer_size"` defaults to 64 KiB here (grpc-js: 1 MiB).
   */
  channelOptions?: ChannelOptions;
  /** Service name used in RPC paths instead of the proto's fully qualified name. */
  serviceName?: string;
  /**
   * Check every request against its contract's buf.validate rules before sending (see
   * `createRequestValidation`): a request that breaks them rejects with the
   * `INVALID_ARGUMENT` error, violations included, that a validating server answers,
   * and nothing is sent. Off by default.
   */
  validateRequests?: boolean;
  /** The `google.rpc.ErrorInfo` domain of the errors `validateRequests` makes; default `"grpc-es"`. */
  errorDomain?: string;
  /**
   * Names the calling application to the server, sent as the `client-name` metadata on
   * every call (a call's own `client-name` metadata wins), so the service's operators
   * can tell who calls which API version. Printable ASCII, at most 128 characters.
   * Without it a server can only go by the user agent.
   */
  clientName?: string;
  /** grpc-js client interceptors, run on every call in this order (the first is the outermost). */
  interceptors?: Interceptor[];
}

/** Calls a unary method: one request initialiser (or message) in, a promise of the response out. */
export type UnaryCall<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: CallOptions,
) => Promise<MessageShape<O>>;

/**
 * Calls a server-streaming method: one request in, the responses out as an async
 * iterable. The call starts when iteration starts; leaving the loop early cancels it.
 */
export type ServerStreamingCall<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: CallOptions,
) => AsyncIterable<MessageShape<O>>;

/**
 * Calls a client-streaming method: the requests as an async iterable (or an array) of
 * initialisers, sent as the server takes them; a promise of the one response out.
 */
export type ClientStreamingCall<I extends DescMessage, O extends DescMessage> = (
  requests: MessageSource<MessageInitShape<I>>,
  options?: CallOptions,
) => Promise<MessageShape<O>>;

/**
 * Calls a bidi-streaming method: the requests as an async iterable (or an array) of
 * initialisers, the responses out as an async iterable, both with backpressure. The
 * call starts when iteration starts; leaving the loop early cancels it.
 */
export type BidiStreamingCall<I extends DescMessage, O extends DescMessage> = (
  requests: MessageSource<MessageInitShape<I>>,
  options?: CallOptions,
) => AsyncIterable<MessageShape<O>>;

/** The client function of one method, by its kind. */
export type ClientCall<M extends MethodShape> = ByMethodKind<
  M,
  UnaryCall<M["input"], M["output"]>,
  ServerStreamingCall<M["input"], M["output"]>,
  ClientStreamingCall<M["input"], M["output"]>,
  BidiStreamingCall<M["input"], M["output"]>
>;

/**
 * A typed client of service `S`: one camelCase method per RPC, typed by its kind
 * ({@link UnaryCall}, {@link ServerStreamingCall}, {@link ClientStreamingCall},
 * {@link BidiStreamingCall}), plus `close()`.
 */
export type PromiseClient<S extends DescService> = {
  readonly [K in keyof S["method"]]: ClientCall<S["method"][K]>;
} & {
  /** Closes the channel; calls made afterwards fail. */
  close(): void;
};

/**
 * Creates a typed client for a protobuf-es service over a grpc-js channel to `target`
 * (for example `"localhost:50051"` or `"dns:///recs:50051"`), speaking every method
 * kind: promises for single responses, async iterables for streams. Failed calls
 * reject, or throw from the iterator, with a {@link GrpcError}. With an OpenTelemetry
 * SDK registered, every call is a client span whose context travels in the metadata.
 */
export function createClient<S extends DescService>(
  service: S,
  target: string,
  options: ClientOptions = {},
): PromiseClient<S> {
  const defaults: CallDefaults = { timeoutMs: checkTimeout(options.defaultTimeoutMs, "defaultTimeoutMs"), clientName: checkClientName(options.clientName) };
  const validation = options.validateRequests ? sharedRequestValidation(options.errorDomain ?? "grpc-es") : undefined;
  // Tracing first (outermost), so the span covers every other interceptor.
  const interceptors = [createClientTracing(target), ...(options.interceptors ?? [])];
  const channel = new Client(
    target,
    options.credentials ?? createChannelCredentials(options.tls),
    { "grpc.per_rpc_retry_buffer_size": PER_CALL_RETRY_BUFFER_BYTES, ...options.channelOptions, interceptors },
  );
  const client: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods) {
    const rpc = createClientMethod(service, method, options.serviceName, validation);
    type Init = MessageInitShape<DescMessage>;
    switch (method.methodKind) {
      case "unary":
        client[method.localName] = (request: Init, callOptions: CallOptions = {}) => callUnary(channel, rpc, request, callOptions, defaults);
        break;
      case "server_streaming":
        client[method.localName] = (request: Init, callOptions: CallOptions = {}) =>
          callServerStreaming(channel, rpc, request, callOptions, defaults);
        break;
      case "client_streaming":
        client[method.localName] = (requests: MessageSource<Init>, callOptions: CallOptions = {}) =>
          callClientStreaming(channel, rpc, requests, callOptions, defaults);
        break;
      case "bidi_streaming":
        client[method.localName] = (requests: MessageSource<Init>, callOptions: CallOptions = {}) =>
          callBidiStreaming(channel, rpc, requests, callOptions, defaults);
        break;
    }
  }
  return client as PromiseClient<S>;
}
