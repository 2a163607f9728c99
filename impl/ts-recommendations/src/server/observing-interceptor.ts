import {
  ServerInterceptingCall,
  status as Status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
} from "@grpc/grpc-js";
import { splitPath } from "./api-version.js";

/** The kind of RPC, with the label values go-grpc-prometheus uses. */
export type GrpcType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

/** A call as it starts. */
export interface StartedCall {
  /** The full path, `/recommendations.v1.Recommendations/Recommend`. */
  readonly path: string;
  readonly service: string;
  readonly method: string;
  readonly type: GrpcType;
  /** The client's address. */
  readonly peer: string;
}

/** A call as it ends. */
export interface FinishedCall extends StartedCall {
  readonly code: Status;
  readonly details: string;
  readonly durationSeconds: number;
}

/** Told about every call that reaches a registered method. */
export interface CallObserver {
  onStart?(call: StartedCall): void;
  onFinish(call: FinishedCall): void;
}

/**
 * A grpc-js server interceptor that reports each call's start and end to every
 * observer, in order (one interceptor layer for all of them: each layer costs every
 * call an extra intercepting call object and event hop). The end is the status the
 * handler sent; when grpc-js itself ends a call (its deadline passed, the client
 * cancelled, a message over the size limit) the code is `DEADLINE_EXCEEDED` if the
 * deadline has passed and `CANCELLED` otherwise.
 */
export function createObservingInterceptor(...observers: readonly CallObserver[]): ServerInterceptor {
  return (descriptor: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const started = performance.now();
    const { service, method } = splitPath(descriptor.path);
    const info: StartedCall = { path: descriptor.path, service, method, type: grpcType(descriptor), peer: call.getPeer() };
    let finished = false;
    const finish = (code: Status, details: string): void => {
      finished = true;
      const ended: FinishedCall = { ...info, code, details, durationSeconds: (performance.now() - started) / 1000 };
      for (const observer of observers) observer.onFinish(ended);
    };
    for (const observer of observers) observer.onStart?.(info);
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          // grpc-js reports every call's stream closing as a cancel, also after its status.
          onCancel: () => {
            if (finished) return;
            const deadline = call.getDeadline();
            const expired = deadline !== Infinity && new Date(deadline).getTime() <= Date.now();
            finish(expired ? Status.DEADLINE_EXCEEDED : Status.CANCELLED, expired ? "Deadline exceeded" : "Cancelled");
          },
        }),
      sendStatus: (status, next) => {
        if (!finished) finish(status.code ?? Status.UNKNOWN, status.details ?? "");
        next(status);
      },
    });
  };
}

function grpcType(descriptor: ServerMethodDefinition<unknown, unknown>): GrpcType {
  if (descriptor.requestStream) return descriptor.responseStream ? "bidi_stream" : "client_stream";
  return descriptor.responseStream ? "server_stream" : "unary";
}
