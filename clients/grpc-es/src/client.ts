import type { DescMessage, DescService, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import {
  Client,
  Metadata,
  status as Status,
  type ChannelCredentials,
  type ChannelOptions,
  type Interceptor,
  type ServiceError,
} from "@grpc/grpc-js";
import { createClientMethod, type ClientMethod } from "./client-method.js";
import { createChannelCredentials, type TlsOptions } from "./credentials.js";
import { GrpcError } from "./grpc-error.js";
import { assertUnary, type UnaryMethodNames } from "./method-kind.js";
import { createClientTracing } from "./tracing.js";

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
   * Names the calling application to the server, sent as the `client-name` metadata on
   * every call (a call's own `client-name` metadata wins), so the service's operators
   * can tell who calls which API version. Printable ASCII, at most 128 characters.
   * Without it a server can only go by the user agent.
   */
  clientName?: string;
  /** grpc-js client interceptors, run on every call in this order (the first is the outermost). */
  interceptors?: Interceptor[];
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
 * streaming method is refused with a TypeError naming it. With an OpenTelemetry SDK
 * registered, every call is a client span whose context travels in the metadata.
 */
export function createClient<S extends DescService>(
  service: S,
  target: string,
  options: ClientOptions = {},
): PromiseClient<S> {
  const defaultTimeoutMs = checkTimeout(options.defaultTimeoutMs, "defaultTimeoutMs");
  const clientName = checkClientName(options.clientName);
  service.methods.forEach(assertUnary);
  const channel = new Client(target, options.credentials ?? createChannelCredentials(options.tls), {
    ...options.channelOptions,
    interceptors: [createClientTracing(target), ...(options.interceptors ?? [])],
  });
  const client: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods) {
    const rpc = createClientMethod(service, method, options.serviceName);
    client[method.localName] = (request: MessageInitShape<DescMessage>, callOptions: CallOptions = {}) =>
      callUnary(channel, rpc, request, callOptions, defaultTimeoutMs, clientName);
  }
  return client as PromiseClient<S>;
}

function callUnary(
  channel: Client,
  rpc: ClientMethod,
  request: MessageInitShape<DescMessage>,
  options: CallOptions,
  defaultTimeoutMs: number | undefined,
  clientName: string | undefined,
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
      toMetadata(options.metadata, clientName),
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

/** The metadata name of {@link ClientOptions.clientName}. */
const CLIENT_NAME_KEY = "client-name";

function toMetadata(input: CallOptions["metadata"], clientName: string | undefined): Metadata {
  let metadata: Metadata;
  if (input instanceof Metadata) {
    if (clientName === undefined || input.get(CLIENT_NAME_KEY).length > 0) return input;
    metadata = input.clone(); // the caller's object stays as it was
  } else {
    metadata = new Metadata();
    for (const [key, value] of Object.entries(input ?? {})) metadata.set(key, value);
  }
  if (clientName !== undefined && metadata.get(CLIENT_NAME_KEY).length === 0) metadata.set(CLIENT_NAME_KEY, clientName);
  return metadata;
}

function checkClientName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/.test(value)) {
    throw new TypeError(`clientName must be 1 to 128 printable ASCII characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkTimeout(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
