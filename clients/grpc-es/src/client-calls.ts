import type { DescMessage, Message, MessageInitShape } from "@bufbuild/protobuf";
import {
  status as Status,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ClientUnaryCall,
  type ClientWritableStream,
  type ServiceError,
} from "@grpc/grpc-js";
import { alreadyEncoded, callError, resolveCallOptions, type CallDefaults, type CallOptions } from "./call-options.js";
import type { ClientMethod } from "./client-method.js";
import { GrpcError } from "./grpc-error.js";
import { pumpMessages, type MessageSource } from "./message-pump.js";

type Init = MessageInitShape<DescMessage>;

/** Calls a unary method: resolves with the response, rejects with a {@link GrpcError}. */
export function callUnary(channel: Client, rpc: ClientMethod, request: Init, options: CallOptions, defaults: CallDefaults): Promise<Message> {
  let resolved: ReturnType<typeof resolveCallOptions>;
  let bytes: Buffer;
  try {
    resolved = resolveCallOptions(options, defaults);
    bytes = rpc.encodeRequest(request);
  } catch (error) {
    return Promise.reject(error);
  }
  return responseOf(options.signal, (done) =>
    channel.makeUnaryRequest<Buffer, Message>(rpc.path, alreadyEncoded, rpc.decodeResponse, bytes, resolved.metadata, resolved.grpcOptions, done),
  );
}

/**
 * Calls a server-streaming method. The call starts when iteration starts; leaving the
 * loop early cancels it; a failure is thrown by the iterator as a {@link GrpcError}
 * after the messages that came before it.
 */
export async function* callServerStreaming(
  channel: Client,
  rpc: ClientMethod,
  request: Init,
  options: CallOptions,
  defaults: CallDefaults,
): AsyncGenerator<Message, void, undefined> {
  const resolved = resolveCallOptions(options, defaults);
  const bytes = rpc.encodeRequest(request);
  const call = channel.makeServerStreamRequest<Buffer, Message>(rpc.path, alreadyEncoded, rpc.decodeResponse, bytes, resolved.metadata, resolved.grpcOptions);
  yield* readResponses(call, options.signal);
}

/**
 * Calls a client-streaming method: sends every request of `requests` (with
 * backpressure), half-closes, and resolves with the response. A request that cannot
 * be encoded fails the call with `INVALID_ARGUMENT`; a `requests` iterable that throws
 * cancels it (`CANCELLED`, the error as `cause`).
 */
export function callClientStreaming(
  channel: Client,
  rpc: ClientMethod,
  requests: MessageSource<Init>,
  options: CallOptions,
  defaults: CallDefaults,
): Promise<Message> {
  let resolved: ReturnType<typeof resolveCallOptions>;
  try {
    resolved = resolveCallOptions(options, defaults);
  } catch (error) {
    return Promise.reject(error);
  }
  return responseOf(
    options.signal,
    (done) => channel.makeClientStreamRequest<Buffer, Message>(rpc.path, alreadyEncoded, rpc.decodeResponse, resolved.metadata, resolved.grpcOptions, done),
    (call) => sendRequests(call, requests, rpc),
  );
}

/**
 * Calls a bidi-streaming method: sends `requests` while the caller iterates the
 * responses, each side with backpressure. The call starts when iteration starts and
 * ends when both sides are done; leaving the loop early cancels it and returns the
 * `requests` iterator.
 */
export async function* callBidiStreaming(
  channel: Client,
  rpc: ClientMethod,
  requests: MessageSource<Init>,
  options: CallOptions,
  defaults: CallDefaults,
): AsyncGenerator<Message, void, undefined> {
  const resolved = resolveCallOptions(options, defaults);
  const call = channel.makeBidiStreamRequest<Buffer, Message>(rpc.path, alreadyEncoded, rpc.decodeResponse, resolved.metadata, resolved.grpcOptions);
  const failure = sendRequests(call, requests, rpc);
  yield* readResponses(call, options.signal, failure);
}

/** What grpc-js calls back with when a call that has one response ends. */
type ResponseCallback = (error: ServiceError | null, response?: Message) => void;

/**
 * The response of a call that has one (unary, client-streaming): `start` makes the
 * call with the callback it is given; `signal` cancels it; `send`, when given, starts
 * sending the requests once the call can be cancelled, and tells why it cancelled the
 * call, as the call's error.
 */
function responseOf<C extends ClientUnaryCall | ClientWritableStream<Buffer>>(
  signal: AbortSignal | undefined,
  start: (done: ResponseCallback) => C,
  send?: (call: C) => () => GrpcError | undefined,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    let failure: () => GrpcError | undefined = () => undefined;
    const call = start((error, response) => {
      signal?.removeEventListener("abort", cancel);
      if (error) reject(failure() ?? callError(error, signal));
      else resolve(response as Message);
    });
    const cancel = (): void => call.cancel();
    signal?.addEventListener("abort", cancel, { once: true });
    if (send !== undefined) failure = send(call);
  });
}

/**
 * Writes `requests` to `call` in the background and half-closes after the last one.
 * Stops when the call ends. When `requests` throws or a request cannot be encoded, the
 * call is cancelled; the returned function then tells why, as the call's error.
 */
function sendRequests(
  call: ClientWritableStream<Buffer> | ClientDuplexStream<Buffer, Message>,
  requests: MessageSource<Init>,
  rpc: ClientMethod,
): () => GrpcError | undefined {
  const ended = new AbortController();
  let failure: GrpcError | undefined;
  // grpc-js reports a write after the call ended as an 'error' event; the status tells what happened.
  call.on("error", () => undefined);
  call.once("status", () => ended.abort());
  pumpMessages(requests, call, rpc.encodeRequest, ended.signal).then(
    (exhausted) => {
      if (exhausted) call.end();
    },
    (error: unknown) => {
      failure = error instanceof GrpcError ? error : requestStreamError(error);
      call.cancel();
    },
  );
  return () => failure;
}

/** Yields the responses of a call; cancels the call if the caller stops iterating before its status arrived. */
async function* readResponses(
  call: ClientReadableStream<Message> | ClientDuplexStream<Buffer, Message>,
  signal: AbortSignal | undefined,
  localFailure: () => GrpcError | undefined = () => undefined,
): AsyncGenerator<Message, void, undefined> {
  let finished = false;
  // grpc-js emits a failed status as an 'error' event, also once the iterator below has let go of the stream.
  call.on("error", () => undefined);
  call.once("status", () => (finished = true));
  const cancel = (): void => call.cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for await (const message of call) yield message as Message;
  } catch (error) {
    throw localFailure() ?? (isServiceError(error) ? callError(error, signal) : error);
  } finally {
    signal?.removeEventListener("abort", cancel);
    if (!finished) call.cancel();
  }
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number" && "details" in error;
}

function requestStreamError(error: unknown): GrpcError {
  const reason = error instanceof Error ? error.message : String(error);
  return new GrpcError(Status.CANCELLED, `request stream failed: ${reason}`, { cause: error });
}
