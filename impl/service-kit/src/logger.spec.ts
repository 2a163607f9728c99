import { context, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { expect } from "chai";
import { Writable } from "node:stream";
import { createServiceLogger } from "./logger.js";

/** A destination that keeps what is written to it. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

describe("createServiceLogger", () => {
  const span = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED });

  // A context manager makes spans active; the services register one when tracing is on.
  before(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  after(() => context.disable());

  it("writes JSON lines that carry the trace_id and span_id of the active span, and none outside a span", () => {
    const { stream, text } = sink();
    const logger = createServiceLogger({ level: "info", base: { service: "test" }, destination: stream });
    logger.info("outside");
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => logger.info({ code: "OK" }, "inside"));
    const [outside, inside] = text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outside).to.include({ service: "test", msg: "outside" }).and.not.have.any.keys("trace_id", "span_id");
    expect(inside).to.include({ msg: "inside", code: "OK", trace_id: "0af7651916cd43dd8448eb211c80319c", span_id: "b7ad6b7169203331" });
  });

  it("writes readable lines instead when asked to (a terminal)", () => {
    const { stream, text } = sink();
    const logger = createServiceLogger({ level: "info", name: "marketplace", pretty: true, destination: stream });
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => logger.warn({ code: "UNAVAILABLE" }, "recommendations unavailable"));
    const line = text();
    expect(line).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(marketplace\): recommendations unavailable\n/);
    expect(line).to.include('code: "UNAVAILABLE"').and.include('trace_id: "0af7651916cd43dd8448eb211c80319c"');
    expect(() => JSON.parse(line)).to.throw();
  });
});
