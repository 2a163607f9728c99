import { status as Status } from "@grpc/grpc-js";
import { createAccessLog, type Outcome } from "@onlinebooks/service-kit";
import type { Logger } from "pino";
import { servedApiOf } from "./served-api.js";
import type { CallObserver } from "./observing-interceptor.js";

const SERVER_FAULTS: ReadonlySet<Status> = new Set([Status.UNKNOWN, Status.INTERNAL, Status.DATA_LOSS]);

/** Options of {@link createCallLogger}. */
export interface CallLoggerOptions {
  /** A call that took at least this many milliseconds is logged even when it succeeded. */
  readonly slowMs: number;
}

/**
 * The access log of the gRPC server: a JSON line `grpc call` per logged call, with
 * `method` (the RPC path), `api` (legacy, v1, v2, health, reflection), `code` (the status
 * name), `durationMs`, `peer`, for a failed call its `details`, and for a streaming call
 * its `grpcType` and its `messagesReceived` and `messagesSent`. Which calls are
 * logged is the shared access-log policy: server faults (`UNKNOWN`, `INTERNAL`,
 * `DATA_LOSS`) at `error`, other failures and calls slower than `slowMs` at `info`, fast
 * successes only at `debug`. The metrics count every call either way.
 */
export function createCallLogger(logger: Logger, options: CallLoggerOptions): CallObserver {
  const access = createAccessLog({ logger, slowMs: options.slowMs });
  return {
    forMethod({ path, service, type }) {
      // One child logger per RPC path: pino serialises its bindings (method, api) once,
      // not on every call.
      const streaming = type !== "unary";
      const log = logger.child({ method: path, api: servedApiOf(service), ...(streaming ? { grpcType: type } : {}) });
      return {
        onFinish(call) {
          const durationMs = Math.round(call.durationSeconds * 1e6) / 1e3;
          const outcome: Outcome = call.code === Status.OK ? "ok" : SERVER_FAULTS.has(call.code) ? "fault" : "failed";
          const level = access.levelOf(outcome, durationMs);
          if (level === undefined) return;
          const entry = {
            code: Status[call.code] ?? String(call.code),
            durationMs,
            peer: call.peer,
            ...(streaming ? { messagesReceived: call.messagesReceived, messagesSent: call.messagesSent } : {}),
            ...(outcome === "ok" ? {} : { details: call.details }),
          };
          log[level](entry, "grpc call");
        },
      };
    },
  };
}
