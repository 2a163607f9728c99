import {
  Metadata,
  ServerInterceptingCall,
  status as Status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
} from "@grpc/grpc-js";
import { serviceOf } from "./served-api.js";

/** The kind of RPC, with the label values go-grpc-prometheus uses. */
export type GrpcType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

/** A registered method, as its first call reaches the interceptor. */
export interface ObservedMethod {
  /** The full path, `/recommendations.v1.Recommendations/Recommend`. */
  readonly path: string;
  readonly service: string;
  readonly method: string;
  readonly type: GrpcType;
}

/** A call as it ends. */
export interface FinishedCall {
  /** The client's address. */
  readonly peer: string;
  /** The request metadata (empty when the call ended before it arrived). */
  readonly metadata: Metadata;
  readonly code: Status;
  readonly details: string;
  readonly durationSeconds: number;
  /** Request messages received (1 for a unary call that reached its handler). */
  readonly messagesReceived: number;
  /** Response messages sent. */
  readonly messagesSent: number;
}

/** What an observer does at the start and end of each call of one method, and for each message of it. */
export interface MethodObserver {
  onStart?(): void;
  /** A request message arrived. */
  onMessageReceived?(): void;
  /** A response message is being sent. */
  onMessageSent?(): void;
  onFinish(call: FinishedCall): void;
}

/**
 * Told about every call that reaches a registered method: `forMethod` runs once per
 * method, on its first call, so per-method state (labels, bindings) lives in the hooks
 * it returns.
 */
export interface CallObserver {
  forMethod(method: ObservedMethod): MethodObserver;
}

/**
 * A grpc-js server interceptor that reports each call's start, messages and end to
 * every observer, in order (one interceptor layer for all of them: each layer costs
 * every call an extra intercepting call object and event hop). The end is the status
 * the handler sent; when grpc-js itself ends a call (its deadline passed, the client
 * cancelled, a message over the size limit) the code is `DEADLINE_EXCEEDED` if the
 * deadline has passed and `CANCELLED` otherwise.
 */
export function createObservingInterceptor(...observers: readonly CallObserver[]): ServerInterceptor {
  // grpc-js hands a fresh method definition to every call; the observers' hooks are
  // made once per path.
  const hooksByPath = new Map<string, MethodHooks>();
  const hooksFor = (descriptor: ServerMethodDefinition<unknown, unknown>): MethodHooks => {
    let hooks = hooksByPath.get(descriptor.path);
    if (hooks === undefined) {
      const { path } = descriptor;
      const observed: ObservedMethod = { path, service: serviceOf(path), method: path.slice(path.lastIndexOf("/") + 1), type: grpcType(descriptor) };
      const all = observers.map((observer) => observer.forMethod(observed));
      hooks = {
        all,
        received: all.flatMap((hook) => (hook.onMessageReceived ? [() => hook.onMessageReceived?.()] : [])),
        sent: all.flatMap((hook) => (hook.onMessageSent ? [() => hook.onMessageSent?.()] : [])),
      };
      hooksByPath.set(descriptor.path, hooks);
    }
    return hooks;
  };
  return (descriptor: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const started = performance.now();
    const hooks = hooksFor(descriptor);
    const peer = call.getPeer();
    let metadata: Metadata | undefined;
    let finished = false;
    let messagesReceived = 0;
    let messagesSent = 0;
    const finish = (code: Status, details: string): void => {
      finished = true;
      const durationSeconds = (performance.now() - started) / 1000;
      const ended: FinishedCall = { peer, metadata: metadata ?? new Metadata(), code, details, durationSeconds, messagesReceived, messagesSent };
      for (const hook of hooks.all) hook.onFinish(ended);
    };
    for (const hook of hooks.all) hook.onStart?.();
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (received, pass) => {
            metadata = received;
            pass(received);
          },
          onReceiveMessage: (message, pass) => {
            messagesReceived += 1;
            for (const hook of hooks.received) hook();
            pass(message);
          },
          // grpc-js reports every call's stream closing as a cancel, also after its status.
          onCancel: () => {
            if (finished) return;
            const deadline = call.getDeadline();
            const expired = deadline !== Infinity && new Date(deadline).getTime() <= Date.now();
            finish(expired ? Status.DEADLINE_EXCEEDED : Status.CANCELLED, expired ? "Deadline exceeded" : "Cancelled");
          },
        }),
      sendMessage: (message, next) => {
        messagesSent += 1;
        for (const hook of hooks.sent) hook();
        next(message);
      },
      sendStatus: (status, next) => {
        if (!finished) finish(status.code ?? Status.UNKNOWN, status.details ?? "");
        next(status);
      },
    });
  };
}

/** The observers' hooks for one method: all of them, and those that count messages. */
interface MethodHooks {
  readonly all: readonly MethodObserver[];
  readonly received: readonly (() => void)[];
  readonly sent: readonly (() => void)[];
}

function grpcType(descriptor: ServerMethodDefinition<unknown, unknown>): GrpcType {
  if (descriptor.requestStream) return descriptor.responseStream ? "bidi_stream" : "client_stream";
  return descriptor.responseStream ? "server_stream" : "unary";
}
