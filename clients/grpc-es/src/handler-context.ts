import { status as Status, type Deadline, type Metadata } from "@grpc/grpc-js";
import { GrpcError } from "./grpc-error.js";

/** What a handler knows about the call it answers, whatever the method kind. */
export interface HandlerContext {
  /** The RPC path, for example `/recommendations.v2.RecommendationService/Recommend`. */
  readonly path: string;
  /** Request metadata sent by the client. */
  readonly metadata: Metadata;
  /** The client's address, as grpc-js reports it. */
  readonly peer: string;
  /** The call's deadline (`Infinity` when the client set none). */
  readonly deadline: Deadline;
  /**
   * Aborted when the call ends before the handler answered it: the client cancelled
   * (or left a `for await` early), its deadline passed, or the server ended it (a
   * graceful shutdown ending open streams).
   */
  readonly signal: AbortSignal;
}

/** What the context reads of a grpc-js server call, of any method kind. */
interface ServerCall {
  readonly metadata: Metadata;
  readonly cancelled: boolean;
  getPeer(): string;
  getDeadline(): Deadline;
  once(event: "cancelled", listener: () => void): unknown;
  removeListener(event: "cancelled", listener: () => void): unknown;
}

/**
 * The handler's context. `peer`, `deadline` and `signal` are computed when first read:
 * most unary handlers never look, and an AbortController per call, aborted when
 * grpc-js reports the stream closed (which it does after every call), costs more than
 * the lookup itself. Once the call is answered (`settle()`), a later close aborts nothing.
 */
export class CallContext implements HandlerContext {
  readonly metadata: Metadata;
  private controller: AbortController | undefined;
  private abort: (() => void) | undefined;

  constructor(
    private readonly call: ServerCall,
    readonly path: string,
  ) {
    this.metadata = call.metadata;
  }

  get peer(): string {
    return this.call.getPeer();
  }

  get deadline(): Deadline {
    return this.call.getDeadline();
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.call.cancelled) controller.abort();
      else {
        this.abort = () => controller.abort();
        this.call.once("cancelled", this.abort);
      }
    }
    return this.controller.signal;
  }

  /** Detaches the cancellation listener, if `signal` was read: the call is answered. */
  settle(): void {
    if (this.abort !== undefined) this.call.removeListener("cancelled", this.abort);
  }

  /** The error that reading from or writing to the call meets once it has ended: `DEADLINE_EXCEEDED` once the deadline has passed, else `CANCELLED`. */
  endedError(): GrpcError {
    return this.deadlinePassed() ? new GrpcError(Status.DEADLINE_EXCEEDED, "deadline exceeded") : new GrpcError(Status.CANCELLED, "call ended");
  }

  /** Whether the call had a deadline and it has passed. */
  deadlinePassed(): boolean {
    return deadlinePassed(this.call.getDeadline());
  }
}

/** Whether `deadline` (a grpc-js call's, `Infinity` when none was set) has passed. */
export function deadlinePassed(deadline: Deadline): boolean {
  return deadline !== Infinity && new Date(deadline).getTime() <= Date.now();
}
