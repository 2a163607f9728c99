import { ServerInterceptingCall, status as Status, type ServerInterceptor } from "@grpc/grpc-js";

/**
 * Answers `INVALID_ARGUMENT` when a call to a method that takes one request message
 * ends its request stream without a complete message (an empty body, or a gRPC frame
 * cut short). grpc-js would answer `UNIMPLEMENTED` ("Received no request message"),
 * which tells the caller the method does not exist. Must come after the interceptors
 * that watch statuses (the observing interceptor, the stream tracker), so that they see
 * the status it sends.
 */
export function createRequestPresenceInterceptor(): ServerInterceptor {
  return (descriptor, next) => {
    if (descriptor.requestStream) return new ServerInterceptingCall(next);
    let received = false;
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (proceed) =>
        proceed({
          onReceiveMessage: (message, pass) => {
            received = true;
            pass(message);
          },
          onReceiveHalfClose: (pass) => {
            if (received) pass();
            else call.sendStatus({ code: Status.INVALID_ARGUMENT, details: "request message missing or truncated" });
          },
        }),
    });
    return call;
  };
}
