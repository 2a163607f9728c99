import { status as Status } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { servedApiOf } from "./served-api.js";
import type { CallObserver } from "./observing-interceptor.js";

const SERVER_FAULTS: ReadonlySet<Status> = new Set([Status.UNKNOWN, Status.INTERNAL, Status.DATA_LOSS]);

/**
 * Logs one JSON line per finished call: `method` (the RPC path), `api` (legacy, v1,
 * v2, health, reflection), `code` (the status name), `durationMs`, `peer`, and for a
 * failed call its `details`; a streaming call adds its `grpcType` and the
 * `messagesReceived` and `messagesSent`. Server faults are logged at `error`, the rest
 * at `info`.
 */
export function createCallLogger(logger: Logger): CallObserver {
  return {
    forMethod({ path, service, type }) {
      // One child logger per RPC path: pino serialises its bindings (method, api) once,
      // not on every call.
      const streaming = type !== "unary";
      const log = logger.child({ method: path, api: servedApiOf(service), ...(streaming ? { grpcType: type } : {}) });
      return {
        onFinish(call) {
          const entry = {
            code: Status[call.code] ?? String(call.code),
            durationMs: Math.round(call.durationSeconds * 1e6) / 1e3,
            peer: call.peer,
            ...(streaming ? { messagesReceived: call.messagesReceived, messagesSent: call.messagesSent } : {}),
            ...(call.code === Status.OK ? {} : { details: call.details }),
          };
          if (SERVER_FAULTS.has(call.code)) log.error(entry, "grpc call");
          else log.info(entry, "grpc call");
        },
      };
    },
  };
}
