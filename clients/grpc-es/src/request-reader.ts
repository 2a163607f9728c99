import type { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Message } from "@bufbuild/protobuf";
import type { status as Status } from "@grpc/grpc-js";
import type { CallContext } from "./handler-context.js";
import { GrpcError } from "./grpc-error.js";
import { undecodableRequestStatus } from "./undecodable-request.js";

/**
 * The request messages of a client- or bidi-streaming call, as the async iterable its
 * handler consumes. A message is read from grpc-js only when the handler asks for the
 * next one (grpc-js then pauses the HTTP/2 stream, so flow control holds back a client
 * that sends faster than the handler reads). Ends when the client half-closes. Throws
 * a {@link GrpcError} when the call has ended before that (cancelled, deadline passed,
 * ended by the server), and at a message whose bytes did not decode, after
 * `onUndecodable` has answered the call `INVALID_ARGUMENT`.
 */
export async function* readRequests(
  stream: Readable,
  context: CallContext,
  onUndecodable: (status: { code: Status; details: string }) => void,
): AsyncGenerator<Message, void, undefined> {
  const ended = context.signal;
  for (;;) {
    if (ended.aborted) throw context.endedError();
    const message: unknown = stream.read();
    if (message !== null) {
      const undecodable = undecodableRequestStatus(message);
      if (undecodable !== undefined) {
        onUndecodable(undecodable);
        throw new GrpcError(undecodable.code, undecodable.details);
      }
      yield message as Message;
    } else if (stream.readableEnded) {
      // A client that gives up (its deadline, its signal, a loop left early) half-closes
      // just before it resets the stream; both frames arrive together, but the reset is
      // handled after the end of the stream, so it is only seen a turn of the event loop later.
      if (!ended.aborted && !context.deadlinePassed()) await nextTurn();
      if (ended.aborted || context.deadlinePassed()) throw context.endedError();
      return;
    } else if (stream.destroyed) {
      throw context.endedError();
    } else {
      await readableOrEnded(stream, ended);
    }
  }
}

/** Resolves when `stream` has a message or has ended, or `ended` aborts. */
function readableOrEnded(stream: Readable, ended: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("readable", done);
      stream.off("end", done);
      stream.off("close", done);
      ended.removeEventListener("abort", done);
      resolve();
    };
    stream.on("readable", done);
    stream.on("end", done);
    stream.on("close", done);
    ended.addEventListener("abort", done, { once: true });
  });
}
