import { Metadata, status as Status, type CallOptions as GrpcCallOptions, type ServiceError } from "@grpc/grpc-js";
import { withClientName } from "./client-name.js";
import { GrpcError } from "./grpc-error.js";

/** Per-call options of every client method, whatever its kind. */
export interface CallOptions {
  /** Deadline of this call in milliseconds from now; overrides `defaultTimeoutMs`. For a stream, the deadline of the whole stream. */
  timeoutMs?: number;
  /** Cancels the call when aborted; the call fails with `Status.CANCELLED`. */
  signal?: AbortSignal;
  /** Request metadata (headers) to send with the call. */
  metadata?: Metadata | Record<string, string>;
}

/** What a client adds to each of its calls (from its options, checked once). */
export interface CallDefaults {
  /** The deadline of a call that sets no `timeoutMs`, in ms from its start; none when undefined. */
  readonly timeoutMs: number | undefined;
  /** Sent as the `client-name` metadata of a call that sets none. */
  readonly clientName: string | undefined;
}

/**
 * What one call is made with: grpc-js metadata (the client's name added, see
 * {@link withClientName}) and options (the deadline). Throws the {@link abortedError}
 * of a call whose signal has already aborted, and a TypeError for a bad `timeoutMs`.
 */
export function resolveCallOptions(options: CallOptions, defaults: CallDefaults): { metadata: Metadata; grpcOptions: GrpcCallOptions } {
  if (options.signal?.aborted) throw abortedError(options.signal);
  const timeoutMs = checkTimeout(options.timeoutMs, "timeoutMs") ?? defaults.timeoutMs;
  return {
    metadata: withClientName(toMetadata(options.metadata), options.metadata, defaults.clientName),
    grpcOptions: timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs },
  };
}

/** The {@link GrpcError} of a call that failed with `error`, or of the call `signal` aborted. */
export function callError(error: ServiceError, signal: AbortSignal | undefined): GrpcError {
  if (signal?.aborted) return abortedError(signal);
  return new GrpcError(error.code, error.details, { metadata: error.metadata, cause: error });
}

/** The error of a call that its AbortSignal cancelled: `CANCELLED`, the abort reason as `cause`. */
function abortedError(signal: AbortSignal): GrpcError {
  return new GrpcError(Status.CANCELLED, "call aborted by its AbortSignal", { cause: signal.reason });
}

/**
 * grpc-js's request serializer: requests are encoded before they are handed to
 * grpc-js, so an initialiser protobuf-es cannot encode fails without being sent.
 */
export const alreadyEncoded = (bytes: Buffer): Buffer => bytes;

/** Checks a timeout option: undefined, or a positive finite number of milliseconds. */
export function checkTimeout(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function toMetadata(input: CallOptions["metadata"]): Metadata {
  if (input instanceof Metadata) return input;
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(input ?? {})) metadata.set(key, value);
  return metadata;
}
