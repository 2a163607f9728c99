import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import { ServerInterceptingCall, status as Status, type ServerInterceptor } from "@grpc/grpc-js";
import { errorInfoDetail, GrpcError, STATUS_DETAILS_KEY } from "@onlinebooks/grpc-es";
import { ERROR_DOMAIN, ErrorReason } from "@onlinebooks/recommendations-v2";
import { serviceOf } from "./served-api.js";

/**
 * Unary calls in progress at once by default (`GRPC_MAX_CONCURRENT_CALLS`). At about
 * 150 µs of CPU per call that is some 20 ms of queued work: a call that would wait
 * longer is refused, so its client can back off or try another replica. It is twice
 * the 64 calls the benchmark and the drain test keep in flight.
 */
export const DEFAULT_MAX_CONCURRENT_CALLS = 128;

/** Options of {@link createCallAdmission}. */
export interface CallAdmissionOptions {
  /** Calls that may be in progress at once; a call past it is answered RESOURCE_EXHAUSTED. */
  readonly maxConcurrentCalls: number;
  /** Services never limited, such as health (probes must be answered under load). */
  readonly exemptServices?: readonly string[];
  /** Told about each call refused. */
  readonly onRefused?: () => void;
}

/** When a call reaches its handler: its request complete, the server not past its bound. */
export interface CallAdmission {
  /**
   * For {@link hookHttp2Servers}' `onStream`: answers a new stream RESOURCE_EXHAUSTED
   * at once when the bound is reached — a few microseconds of work instead of the
   * tens grpc-js spends on a call — and returns whether it did.
   */
  refuse(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): boolean;
  /**
   * The server interceptor that admits calls whose request is complete: it answers a
   * call without its one request message INVALID_ARGUMENT, counts unary calls in
   * progress and refuses those past the bound that got through.
   */
  readonly interceptor: ServerInterceptor;
}

/**
 * The status of a call to a method that takes one request message whose request stream
 * ended without a complete one (an empty body, or a gRPC frame cut short). grpc-js alone
 * would answer UNIMPLEMENTED ("Received no request message"), telling the caller the
 * method does not exist.
 */
const MISSING_REQUEST = { code: Status.INVALID_ARGUMENT, details: "request message missing or truncated" } as const;

/** The status a call gets when the server is past its bound: safe to retry, after a pause, on any replica. */
export const OVERLOADED = {
  code: Status.RESOURCE_EXHAUSTED,
  // Printable ASCII without "%": a valid grpc-message as it is.
  details: "server overloaded: too many calls in progress; retry after a short backoff",
} as const;

/**
 * {@link OVERLOADED}'s `google.rpc.Status` details, ErrorInfo reason `OVERLOADED`, as
 * trailers (made once): without them the bridge would give the status the default
 * reason of its code, which for RESOURCE_EXHAUSTED is a message over the size limit.
 */
const OVERLOADED_TRAILERS = new GrpcError(OVERLOADED.code, OVERLOADED.details, {
  statusDetails: [errorInfoDetail({ reason: ErrorReason.OVERLOADED, domain: ERROR_DOMAIN })],
}).toStatus().metadata;
/** The same details as the base64 header value of a response sent before grpc-js sees the stream. */
const OVERLOADED_DETAILS_HEADER = (OVERLOADED_TRAILERS.get(STATUS_DETAILS_KEY)[0] as Buffer).toString("base64");

/**
 * Admits calls to their handlers, in one interceptor layer (each layer costs every call
 * an intercepting call and an event hop). A method that takes one request message
 * (unary, server-streaming) is only run once that message is complete: without it the
 * call is answered {@link MISSING_REQUEST}.
 *
 * It also fails fast instead of queueing. A unary call is in progress from the moment its
 * request is complete (the client has half-closed: grpc-js runs the handler then) until
 * the handler has answered with its response message — or its status, or the call is
 * cancelled. So a client that opens streams and never completes a request, or never
 * reads its answers, holds no place (grpc-js sends a unary call's status only once its
 * response is written, which a reader that never opens its window postpones forever).
 * Streaming calls (BatchRecommend, health Watch, reflection) are not counted: the HTTP/2 limit on
 * streams per connection bounds them.
 *
 * Handlers run from the event loop's check phase (`setImmediate`) rather than while
 * the connection's bytes are parsed: every request read in one turn of the loop is
 * then in progress together, so the count measures the work queued in this process,
 * which a synchronous handler would otherwise hide (it would always be 0 or 1). A new
 * stream that finds `maxConcurrentCalls` in progress is answered `RESOURCE_EXHAUSTED`
 * by {@link CallAdmission.refuse} before grpc-js sees it; one that got through
 * before the bound was reached, but completes its request after, is answered so by
 * the interceptor.
 */
export function createCallAdmission(options: CallAdmissionOptions): CallAdmission {
  const exempt = new Set(options.exemptServices ?? []);
  const isExempt = (path: string): boolean => exempt.has(serviceOf(path));
  let inFlight = 0;

  const refuse = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders): boolean => {
    if (inFlight < options.maxConcurrentCalls || isExempt(headers[":path"] ?? "")) return false;
    options.onRefused?.();
    // The client may have reset the stream or lost its connection already.
    stream.on("error", () => undefined);
    stream.respond(
      {
        ":status": 200,
        "content-type": "application/grpc",
        "grpc-status": String(OVERLOADED.code),
        "grpc-message": OVERLOADED.details,
        [STATUS_DETAILS_KEY]: OVERLOADED_DETAILS_HEADER,
      },
      { endStream: true },
    );
    // Whatever request body still comes is read and dropped.
    stream.resume();
    return true;
  };

  const interceptor: ServerInterceptor = (descriptor, next) => {
    // No layer for a request stream: its handler reads what comes. grpc-js only uses the interface of what an interceptor returns.
    if (descriptor.requestStream) return next as ServerInterceptingCall;
    // Streaming answers and exempt services are not counted: the HTTP/2 limit on streams per connection bounds them.
    const limited = !descriptor.responseStream && !isExempt(descriptor.path);
    let received = false;
    let counted = false;
    const release = (): void => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (proceed) =>
        proceed({
          onReceiveMessage: (message, pass) => {
            received = true;
            pass(message);
          },
          onReceiveHalfClose: (pass) => {
            if (!received) {
              call.sendStatus(MISSING_REQUEST);
              return;
            }
            if (!limited) {
              pass();
              return;
            }
            if (inFlight >= options.maxConcurrentCalls) {
              options.onRefused?.();
              call.sendStatus({ ...OVERLOADED, metadata: OVERLOADED_TRAILERS.clone() });
              return;
            }
            inFlight += 1;
            counted = true;
            setImmediate(pass);
          },
          onCancel: release,
        }),
      sendMessage: (message, proceed) => {
        release();
        proceed(message);
      },
      sendStatus: (status, proceed) => {
        release();
        proceed(status);
      },
    });
    return call;
  };
  return { refuse, interceptor };
}
