import {
  ServerInterceptingCall,
  type status as Status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
} from "@grpc/grpc-js";

/** The open streaming calls of a server, so that a graceful shutdown can end them. */
export interface OpenStreams {
  /** The server interceptor that registers streaming calls while they are open. */
  readonly interceptor: ServerInterceptor;
  /** Ends every open streaming call with `status`. */
  endAll(status: { code: Status; details: string }): void;
}

/**
 * Tracks open server-, client- and bidi-streaming calls (a health `Watch`, a batch
 * job's stream). Such streams stay open as long as the client wants, so a graceful
 * shutdown that waits for calls in flight would wait for them until its grace period
 * ran out; shutdown ends them instead, with a status the client can act on. Unary
 * calls are not tracked: they finish on their own.
 */
export function createOpenStreams(): OpenStreams {
  const open = new Set<ServerInterceptingCall>();
  const interceptor: ServerInterceptor = (
    descriptor: ServerMethodDefinition<unknown, unknown>,
    next: ServerInterceptingCallInterface,
  ) => {
    // No layer for unary calls. grpc-js only uses the interface of what an interceptor returns.
    if (!descriptor.requestStream && !descriptor.responseStream) return next as ServerInterceptingCall;
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (proceed) => proceed({ onCancel: () => open.delete(call) }),
      sendStatus: (status, proceed) => {
        open.delete(call);
        proceed(status);
      },
    });
    open.add(call);
    return call;
  };
  return {
    interceptor,
    endAll(status) {
      for (const call of [...open]) call.sendStatus(status);
    },
  };
}
