import { pino, type Logger } from "pino";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The pino level, for example `info`; `silent` logs nothing. */
  readonly level: string;
}

/** Creates the service's JSON logger (pino, to stdout) named `marketplace`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino({ name: "marketplace", level: options.level });
}
