import { isSpanContextValid, trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";

/** Options of {@link createServiceLogger}. */
export interface ServiceLoggerOptions extends Pick<LoggerOptions, "name" | "base"> {
  /** The pino level, for example `info`; `silent` logs nothing. */
  readonly level: string;
  /**
   * Human-readable, coloured lines (pino-pretty) instead of JSON. Services pass
   * `process.stdout.isTTY`: a terminal gets readable lines, a pipe or a log collector
   * one JSON object per line.
   */
  readonly pretty?: boolean;
  /** Where the lines go; default stdout. */
  readonly destination?: DestinationStream;
}

/**
 * The `trace_id` and `span_id` of the span active where a line is logged (none outside
 * a trace, and none at all while tracing is off, when no span is ever active).
 */
function traceFields(): object {
  // A new object each time: pino merges the line's own fields into it.
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const context = span.spanContext();
  return isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : {};
}

/**
 * The logger of a service: pino, every line carrying the `trace_id` and `span_id` of the
 * active span so logs and traces can be joined; JSON lines, or with `pretty` the same
 * fields as readable lines.
 */
export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  const { level, pretty: readable = false, destination, ...bindings } = options;
  const settings: LoggerOptions = { ...bindings, level, mixin: traceFields };
  if (readable) {
    return pino(settings, pretty({ colorize: destination === undefined, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", ...(destination ? { destination } : {}) }));
  }
  return destination === undefined ? pino(settings) : pino(settings, destination);
}
