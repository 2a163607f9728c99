import type { DescMessage, DescService, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { Client, Metadata, status as Status, type ChannelCredentials, type ChannelOptions, type ServiceError } from "@grpc/grpc-js";
import { createClientMethod, type ClientMethod } from "./client-method.js";
import { createChannelCredentials, type TlsOptions } from "./credentials.js";
import { GrpcError } from "./grpc-error.js";
import { assertUnary, type UnaryMethodNames } from "./method-kind.js";
import { sharedRequestValidation } from "./request-validation.js";

/** Per-call options of a promise client method. */
export interface CallOptions {
  /** Deadline of this call in milliseconds from now; overrides `defaultTimeoutMs`. */
  timeoutMs?: number;
  /** Cancels the call when aborted; the promise rejects with `Status.CANCELLED`. */
  signal?: AbortSignal;
  /** Request metadata (headers) to send with the call. */
  metadata?: Metadata | Record<string, string>;
}

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
}

/** The promise-returning function that calls one unary method. */
export type UnaryCall<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: CallOptions,
) => Promise<MessageShape<O>>;

/**
 * A typed client of service `S`: one camelCase method per RPC, taking a plain object
 * initialiser (or a message) and resolving with the response message, plus `close()`.
 */
export type PromiseClient<S extends DescService> = {
  readonly [K in UnaryMethodNames<S>]: UnaryCall<S["method"][K]["input"], S["method"][K]["output"]>;
} & {
  /** Closes the channel; calls made afterwards fail. */
  close(): void;
};

/**
 * Creates a typed promise client for a protobuf-es service over a grpc-js channel to
 * `target` (for example `"localhost:50051"` or `"dns:///recs:50051"`). Failed calls
 * reject with a {@link GrpcError}. Only unary methods are supported: a service with a
 * streaming method is refused with a TypeError naming it.
 */
export function createClient<S extends DescService>(
  service: S,
  target: string,
  options: ClientOptions = {},
): PromiseClient<S> {
  const defaultTimeoutMs = checkTimeout(options.defaultTimeoutMs, "defaultTimeoutMs");
  const validation = options.validateRequests ? sharedRequestValidation(options.errorDomain ?? "grpc-es") : undefined;
  service.methods.forEach(assertUnary);
  const channel = new Client(
    target,
    options.credentials ?? createChannelCredentials(options.tls),
    options.channelOptions,
  );
  const client: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods) {
    const rpc = createClientMethod(service, method, options.serviceName, validation);
    client[method.localName] = (request: MessageInitShape<DescMessage>, callOptions: CallOptions = {}) =>
      callUnary(channel, rpc, request, callOptions, defaultTimeoutMs);
  }
  return client as PromiseClient<S>;
}

function callUnary(
  channel: Client,
  rpc: ClientMethod,
  request: MessageInitShape<DescMessage>,
  options: CallOptions,
  defaultTimeoutMs: number | undefined,
): Promise<Message> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  let timeoutMs: number | undefined;
  let bytes: Buffer;
  try {
    timeoutMs = checkTimeout(options.timeoutMs, "timeoutMs") ?? defaultTimeoutMs;
    bytes = rpc.encodeRequest(request);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const call = channel.makeUnaryRequest<Buffer, Message>(
      rpc.path,
      alreadyEncoded,
      rpc.decodeResponse,
      bytes,
      toMetadata(options.metadata),
      timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs },
      (error: ServiceError | null, response?: Message) => {
        signal?.removeEventListener("abort", cancel);
        if (error) reject(signal?.aborted ? abortedError(signal) : fromServiceError(error));
        else resolve(response as Message);
      },
    );
    const cancel = (): void => call.cancel();
    signal?.addEventListener("abort", cancel, { once: true });
  });
}

/**
 * grpc-js's request serializer: the request is encoded before the call starts, so an
 * initialiser protobuf-es cannot encode fails without sending anything.
 */
const alreadyEncoded = (bytes: Buffer): Buffer => bytes;

function fromServiceError(error: ServiceError): GrpcError {
  return new GrpcError(error.code, error.details, { metadata: error.metadata, cause: error });
}

function abortedError(signal: AbortSignal): GrpcError {
  return new GrpcError(Status.CANCELLED, "call aborted by its AbortSignal", { cause: signal.reason });
}

function toMetadata(input: CallOptions["metadata"]): Metadata {
  if (input instanceof Metadata) return input;
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(input ?? {})) metadata.set(key, value);
  return metadata;
}

function checkTimeout(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
