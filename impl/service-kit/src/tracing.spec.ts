import { context, propagation, trace, type Span } from "@opentelemetry/api";
import { createSpanCollector } from "@onlinebooks/testkit";
import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { startTracing } from "./tracing.js";
import type { TracingConfig } from "./tracing-config.js";

const ON: TracingConfig = { enabled: true, protocol: "http/protobuf", sampler: { name: "always_on", ratio: 1 }, propagators: ["tracecontext", "baggage"], batch: {} };

describe("startTracing", () => {
  it("registers an SDK whose spans, named by the service, follow async work and reach the exporter when it shuts down", async () => {
    const exporter = createSpanCollector();
    const exported = exporter.spans;
    const tracing = startTracing(ON, { serviceName: "recommendations", exporter });
    expect(tracing.enabled).to.equal(true);
    const tracer = trace.getTracer("test");
    let outer: Span | undefined;
    await tracer.startActiveSpan("outer", async (span) => {
      outer = span;
      await sleep(1);
      tracer.startSpan("inner").end(); // after an await: still the outer span's child
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier["traceparent"]).to.match(new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-01$`));
      span.end();
    });
    await tracing.shutdown();
    expect(exported.map((span) => span.name)).to.deep.equal(["inner", "outer"]);
    expect(exported[0]?.parentSpanContext?.spanId).to.equal(outer?.spanContext().spanId);
    expect(exported[1]?.resource.attributes["service.name"]).to.equal("recommendations");
    expect(trace.getActiveSpan(), "shut down, nothing is registered any more").to.equal(undefined);
  });

  it("registers nothing when tracing is off: spans are no-ops", async () => {
    const tracing = startTracing({ ...ON, enabled: false }, { serviceName: "x" });
    expect(tracing.enabled).to.equal(false);
    const span = trace.getTracer("test").startSpan("nothing");
    expect(span.isRecording()).to.equal(false);
    expect(span.spanContext().traceId).to.equal("00000000000000000000000000000000");
    await tracing.shutdown();
  });
});
