import type { Level, Logger } from "pino";

/** How a call or request ended, as the access log sees it. */
export type Outcome = "ok" | "failed" | "fault";

/** Options of {@link createAccessLog}. */
export interface AccessLogOptions {
  /** The logger the lines go to (its level decides whether successful calls are logged). */
  readonly logger: Logger;
  /** A call that took at least this many milliseconds is logged even when it succeeded. */
  readonly slowMs: number;
}

/** Decides, per finished call, whether the access log writes a line and at which level. */
export interface AccessLog {
  /**
   * The level of the line for a call with this `outcome` that took `durationMs`, or
   * `undefined` when no line is written: a fault is logged at `error`, a failure or a
   * slow call at `info`, a fast success at `debug` (so only when the logger's level is
   * `debug` or lower).
   */
  levelOf(outcome: Outcome, durationMs: number): Level | undefined;
}

/**
 * The access-log policy both services share. Successful calls are counted by the
 * metrics, not logged one line each: at the default `info` level only failures, server
 * faults and calls slower than `slowMs` are written; `LOG_LEVEL=debug` writes every call.
 * Skipping the line costs one comparison, so the per-call log stays out of the hot path.
 */
export function createAccessLog(options: AccessLogOptions): AccessLog {
  const { logger, slowMs } = options;
  return {
    levelOf(outcome, durationMs) {
      if (outcome === "fault") return "error";
      if (outcome === "failed" || durationMs >= slowMs) return "info";
      return logger.isLevelEnabled("debug") ? "debug" : undefined;
    },
  };
}
