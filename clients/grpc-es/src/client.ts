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
  Client,
  Metadata,
  status as Status,
  type ChannelCredentials,
  type ChannelOptions,
  type MethodDefinition,
  type ServiceError,
} from "@grpc/grpc-js";
import { createChannelCredentials, type TlsOptions } from "./credentials.js";
import { GrpcError } from "./grpc-error.js";
import { assertUnary } from "./method-kind.js";
import { createServiceDefinition } from "./service-definition.js";

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
}

type UnaryMethodNames<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends { methodKind: "unary" } ? K : never;
}[keyof S["method"]];

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
  readonly [K in UnaryMethodNames<S>]: S["method"][K] extends {
    input: infer I extends DescMessage;
    output: infer O extends DescMessage;
  }
    ? UnaryCall<I, O>
    : never;
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
  service.methods.forEach(assertUnary);
  const definition = createServiceDefinition(service, { serviceName: options.serviceName });
  const channel = new Client(
    target,
    options.credentials ?? createChannelCredentials(options.tls),
    options.channelOptions,
  );
  const client: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods) {
    const rpc = definition[method.localName] as MethodDefinition<Message, Message>;
    client[method.localName] = (request: MessageInitShape<DescMessage>, callOptions: CallOptions = {}) =>
      callUnary(channel, method, rpc, request, callOptions, defaultTimeoutMs);
  }
  return client as PromiseClient<S>;
}

function callUnary(
  channel: Client,
  method: DescMethod,
  rpc: MethodDefinition<Message, Message>,
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
    bytes = encodeRequest(method, rpc, request);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const call = channel.makeUnaryRequest<Buffer, Message>(
      rpc.path,
      passThrough,
      rpc.responseDeserialize,
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

/** The request is encoded before the call starts (see `encodeRequest`), so grpc-js sends its bytes as they are. */
const passThrough = (bytes: Buffer): Buffer => bytes;

function encodeRequest(
  method: DescMethod,
  rpc: MethodDefinition<Message, Message>,
  request: MessageInitShape<DescMessage>,
): Buffer {
  try {
    return rpc.requestSerialize(create(method.input, request));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GrpcError(Status.INVALID_ARGUMENT, `invalid ${method.input.typeName}: ${reason}`, { cause: error });
  }
}

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
