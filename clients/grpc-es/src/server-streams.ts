import { create, type DescMessage, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import type {
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  sendUnaryData,
  ServerDuplexStream,
  ServerReadableStream,
  ServerWritableStream,
  status as Status,
} from "@grpc/grpc-js";
import { CallContext, type HandlerContext } from "./handler-context.js";
import { statusOfFailure } from "./handler-error.js";
import { pumpMessages } from "./message-pump.js";
import { readRequests } from "./request-reader.js";
import { answerWith, checkRequest, type MethodServing } from "./server-unary.js";
import { undecodableRequestStatus } from "./undecodable-request.js";

type Init = MessageInitShape<DescMessage>;
type StatusObject = { code: Status; details: string };

/**
 * Adapts a server-streaming handler `(request, context) => AsyncIterable<response>`
 * (an async generator) to grpc-js: a request that breaks its contract's rules (with
 * `validation`) ends the call before the handler runs; each yielded initialiser is
 * sent as it comes, the next one pulled only once grpc-js takes more (`write()` true,
 * or `'drain'`), so a slow client makes the handler wait. The call ends OK when the iterable is done, or
 * with the status of {@link statusOfFailure} when it throws; when the call ends first
 * (cancelled, deadline, shutdown) the iterable is returned, so its `finally` runs.
 */
export function serveServerStreaming(
  handler: (request: Message, context: HandlerContext) => AsyncIterable<Init>,
  serving: MethodServing,
): handleServerStreamingCall<Message, Message> {
  return (call: ServerWritableStream<Message, Message>) => {
    const context = new CallContext(call, serving.path);
    const end = new ResponseStreamEnd(call, context, serving);
    const undecodable = undecodableRequestStatus(call.request);
    if (undecodable !== undefined) end.withStatus(undecodable);
    else
      sendResponses(call, end, serving, () => {
        checkRequest(call.request, serving);
        return handler(call.request, context);
      });
  };
}

/**
 * Adapts a client-streaming handler `(requests, context) => response` to grpc-js: the
 * requests arrive as an async iterable read as the handler asks for them (see
 * {@link readRequests}); the returned (or resolved) initialiser is the response.
 */
export function serveClientStreaming(
  handler: (requests: AsyncIterable<Message>, context: HandlerContext) => Init | PromiseLike<Init>,
  serving: MethodServing,
): handleClientStreamingCall<Message, Message> {
  const { method, path, mapError } = serving;
  return (call: ServerReadableStream<Message, Message>, callback: sendUnaryData<Message>) => {
    const context = new CallContext(call, path);
    let answered = false;
    const answer = (error: StatusObject | null, response?: Message): void => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    const fail = (error: unknown): void => {
      context.settle();
      answer(statusOfFailure(error, method, mapError));
    };
    const succeed = (init: Init): void => answerWith(init, serving, context, answer);
    const requests = readRequests(call, context, (status) => answer(status));
    let result: Init | PromiseLike<Init>;
    try {
      result = handler(requests, context);
    } catch (error) {
      fail(error);
      return;
    }
    Promise.resolve(result).then(succeed, fail);
  };
}

/**
 * Adapts a bidi-streaming handler `(requests, context) => AsyncIterable<response>` to
 * grpc-js: requests are read as the handler asks for them, responses sent as it yields
 * them, each side with backpressure, as for the other streaming kinds.
 */
export function serveBidiStreaming(
  handler: (requests: AsyncIterable<Message>, context: HandlerContext) => AsyncIterable<Init>,
  serving: MethodServing,
): handleBidiStreamingCall<Message, Message> {
  return (call: ServerDuplexStream<Message, Message>) => {
    const context = new CallContext(call, serving.path);
    const end = new ResponseStreamEnd(call, context, serving);
    const requests = readRequests(call, context, (status) => end.withStatus(status));
    sendResponses(call, end, serving, () => handler(requests, context));
  };
}

/** Pumps the handler's responses into the call, then ends it with the outcome. */
function sendResponses(
  call: ServerWritableStream<Message, Message> | ServerDuplexStream<Message, Message>,
  end: ResponseStreamEnd,
  { method }: MethodServing,
  start: () => AsyncIterable<Init>,
): void {
  let responses: AsyncIterable<Init>;
  try {
    responses = start();
  } catch (error) {
    end.withFailure(error);
    return;
  }
  pumpMessages(responses, call, (init: Init) => create(method.output, init), end.signal).then(
    (exhausted) => {
      if (exhausted) end.ok();
    },
    (error: unknown) => end.withFailure(error),
  );
}

/**
 * Ends a call whose responses are a stream, once: `signal` aborts when it has ended —
 * by this server or because grpc-js ended it — after which nothing more is written
 * (grpc-js would otherwise destroy the stream before its status is sent).
 */
class ResponseStreamEnd {
  readonly #controller = new AbortController();

  constructor(
    private readonly call: ServerWritableStream<Message, Message> | ServerDuplexStream<Message, Message>,
    private readonly context: CallContext,
    private readonly serving: MethodServing,
  ) {
    context.signal.addEventListener("abort", () => this.#controller.abort(), { once: true });
  }

  /** Aborted once the call has ended. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ends the call `OK` after the responses written so far. */
  ok(): void {
    if (this.#end()) {
      this.context.settle();
      this.call.end();
    }
  }

  /** Ends the call with the status of a handler's failure. */
  withFailure(error: unknown): void {
    this.context.settle();
    this.withStatus(statusOfFailure(error, this.serving.method, this.serving.mapError));
  }

  /** Ends the call with `status`, after the responses written so far; the handler, if still running, sees its signal abort. */
  withStatus(status: StatusObject): void {
    // grpc-js's server streams turn an 'error' event into the call's status, sent once the writes before it are flushed.
    if (this.#end()) this.call.emit("error", status);
  }

  /** Marks the call ended; false when it had ended already. */
  #end(): boolean {
    if (this.#controller.signal.aborted) return false;
    this.#controller.abort();
    return true;
  }
}
