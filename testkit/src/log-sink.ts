import { Writable } from "node:stream";
import type { LogLine } from "./service-process.js";

/** A stream to give a logger (e.g. `pino(options, sink.stream)`) and the lines it received. */
export interface LogSink {
  /** Takes newline-separated JSON lines; a line split across writes is joined first. */
  readonly stream: Writable;
  /** Every line written so far, parsed, in order. */
  readonly lines: LogLine[];
}

/** Creates an empty {@link LogSink}, to capture a logger's JSON lines in memory. */
export function createLogSink(): LogSink {
  const lines: LogLine[] = [];
  let partial = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const texts = (partial + chunk.toString("utf8")).split("\n");
      partial = texts.pop() ?? "";
      try {
        for (const text of texts.filter(Boolean)) lines.push(JSON.parse(text) as LogLine);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  return { stream, lines };
}
