import { create, type DescMessage, type DescMethod, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import type { handleUnaryCall, ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { CallContext, type HandlerContext } from "./handler-context.js";
import { statusOfFailure, type ErrorMapper } from "./handler-error.js";
import type { RequestValidation } from "./request-validation.js";
import { undecodableRequestStatus } from "./undecodable-request.js";

/** What the adapters of every method kind are made with. */
export interface MethodServing {
  readonly method: DescMethod;
  /** The RPC path, as the handler's context reports it. */
  readonly path: string;
  readonly mapError: ErrorMapper;
  /** Checks a single request before its handler runs (see `ServiceImplementationOptions.validation`). */
  readonly validation?: RequestValidation | undefined;
}

/** The untyped form of a unary handler, as the adapter calls it. */
type AnyUnaryHandler = (request: Message, context: HandlerContext) => MessageInitShape<DescMessage> | PromiseLike<MessageInitShape<DescMessage>>;

/**
 * Adapts a promise (or plain value) returning unary handler to grpc-js's callback API.
 * A request whose bytes cannot be decoded, or that breaks its contract's rules, is
 * answered `INVALID_ARGUMENT` before the handler runs; a failure goes through
 * {@link statusOfFailure}.
 */
export function serveUnary(handler: AnyUnaryHandler, serving: MethodServing): handleUnaryCall<Message, Message> {
  const { method, path, mapError } = serving;
  return (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
    const { request } = call;
    const undecodable = undecodableRequestStatus(request);
    if (undecodable !== undefined) {
      callback(undecodable);
      return;
    }
    const context = new CallContext(call, path);
    const fail = (error: unknown): void => {
      context.settle();
      callback(statusOfFailure(error, method, mapError));
    };
    const succeed = (init: MessageInitShape<DescMessage>): void => answerWith(init, serving, context, callback);
    // A handler that answers synchronously is answered without a promise round trip.
    let result: MessageInitShape<DescMessage> | PromiseLike<MessageInitShape<DescMessage>>;
    try {
      checkRequest(request, serving);
      result = handler(request, context);
    } catch (error) {
      fail(error);
      return;
    }
    if (isPromiseLike(result)) Promise.resolve(result).then(succeed, fail);
    else succeed(result);
  };
}

/**
 * Answers a call that has one response: the message made from the handler's `init`,
 * or — when protobuf-es cannot make it — the status of that failure. The call is
 * settled either way.
 */
export function answerWith(
  init: MessageInitShape<DescMessage>,
  { method, mapError }: MethodServing,
  context: CallContext,
  answer: (failure: ReturnType<typeof statusOfFailure> | null, response?: Message) => void,
): void {
  let response: Message;
  try {
    response = create(method.output, init);
  } catch (error) {
    context.settle();
    answer(statusOfFailure(error, method, mapError));
    return;
  }
  context.settle();
  answer(null, response);
}

/** Throws the `INVALID_ARGUMENT` of a single request that breaks its contract's rules, when `serving` validates requests. */
export function checkRequest(request: Message, { method, validation }: MethodServing): void {
  const invalid = validation?.check(method.input, request);
  if (invalid !== undefined) throw invalid;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
