import { setTimeout as sleep } from "node:timers/promises";
import { Metadata } from "@grpc/grpc-js";
import { GrpcError } from "../grpc-error.js";
import type { HandlerContext } from "../handler-context.js";
import type { ServiceHandlers } from "../service-implementation.js";
import type { EchoRequest, StreamingService } from "./echo-service.js";

/** What the handlers of {@link streamingHandlers} did, for the specs to look at. */
export interface HandlerLog {
  /** Responses yielded by `watch` and `chat`. */
  produced: number;
  /** Requests taken by `collect` and `chat`. */
  consumed: number;
  /** Calls of `echo` whose handler has started. */
  unaryStarted: number;
  /** One entry per handler that ended: whether its signal had aborted, whether it ran to its end, and what metadata it saw. */
  readonly ended: { method: string; aborted: boolean; completed: boolean; metadata: string[] }[];
}

/** Creates an empty {@link HandlerLog}. */
export function createHandlerLog(): HandlerLog {
  return { produced: 0, consumed: 0, unaryStarted: 0, ended: [] };
}

/** Fails with `failCode` (trailer `x-reason: asked-for`), or with an unexpected error for the text "boom". */
function misbehave(request: EchoRequest): void {
  if (request.failCode > 0) {
    const trailers = new Metadata();
    trailers.set("x-reason", "asked-for");
    throw new GrpcError(request.failCode, `failing with ${request.failCode}`, { metadata: trailers });
  }
  if (request.text === "boom") throw new Error("secret internals");
}

/** Waits `delayMs`, or throws when the call ends first. */
async function pause(request: EchoRequest, context: HandlerContext): Promise<void> {
  if (request.delayMs > 0) await sleep(request.delayMs, undefined, { signal: context.signal });
}

/**
 * Handlers of the test `StreamingService`, one per method kind:
 * - `echo` answers `text` after `delayMs`;
 * - `watch` yields `count` responses `text#i`, `delayMs` apart, then misbehaves as asked;
 * - `collect` joins the texts of its requests with ",", pausing and misbehaving per request;
 * - `chat` answers each request with its text in capitals, pausing and misbehaving per request.
 */
export function streamingHandlers(log: HandlerLog, gate?: () => Promise<void>): ServiceHandlers<typeof StreamingService> {
  const ended = (method: string, context: HandlerContext, completed: boolean): void =>
    void log.ended.push({ method, aborted: context.signal.aborted, completed, metadata: context.metadata.get("x-tenant").map(String) });
  return {
    async echo(request, context) {
      log.unaryStarted += 1;
      await pause(request, context);
      return { text: request.text };
    },
    async *watch(request, context) {
      let completed = false;
      try {
        for (let index = 0; index < request.count; index += 1) {
          await pause(request, context);
          log.produced += 1;
          yield { text: `${request.text}#${index}` };
        }
        misbehave(request);
        completed = true;
      } finally {
        ended("watch", context, completed);
      }
    },
    async collect(requests, context) {
      const texts: string[] = [];
      let completed = false;
      try {
        for await (const request of requests) {
          log.consumed += 1;
          await gate?.();
          await pause(request, context);
          misbehave(request);
          texts.push(request.text);
        }
        completed = true;
        return { text: texts.join(",") };
      } finally {
        ended("collect", context, completed);
      }
    },
    async *chat(requests, context) {
      let completed = false;
      try {
        for await (const request of requests) {
          log.consumed += 1;
          await pause(request, context);
          misbehave(request);
          log.produced += 1;
          yield { text: request.text.toUpperCase() };
        }
        completed = true;
      } finally {
        ended("chat", context, completed);
      }
    },
  };
}

/** Polls `check` every 10 ms until it holds; fails after `tries` polls. */
export async function eventually(check: () => boolean, tries = 500): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error("the condition never held");
}

/** Polls `value` every 20 ms until it has not changed for 10 polls in a row, and returns it: how far a producer got before it was held back. */
export async function settledValue(value: () => number): Promise<number> {
  let last = value();
  for (let steady = 0; steady < 10; ) {
    await sleep(20);
    const now = value();
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
  return last;
}
