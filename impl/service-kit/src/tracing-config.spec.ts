import { expect } from "chai";
import { loadTracingConfig, TracingConfigError } from "./tracing-config.js";

describe("loadTracingConfig (the standard OTEL_* variables)", () => {
  it("is off by default, with the specification's defaults for the rest", () => {
    expect(loadTracingConfig({})).to.deep.equal({
      enabled: false,
      protocol: "http/protobuf",
      sampler: { name: "parentbased_always_on", ratio: 1 },
      propagators: ["tracecontext", "baggage"],
      batch: {},
    });
  });

  it("is on once an OTLP endpoint or the otlp exporter is named; OTEL_SDK_DISABLED and exporter none win", () => {
    const on = (env: Record<string, string>) => loadTracingConfig(env).enabled;
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).to.equal(true);
    expect(on({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" })).to.equal(true);
    expect(on({ OTEL_TRACES_EXPORTER: "otlp" })).to.equal(true);
    expect(on({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).to.equal(false);
    expect(on({ OTEL_SDK_DISABLED: "true", OTEL_TRACES_EXPORTER: "otlp" })).to.equal(false);
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).to.equal(false);
  });

  it("reads the protocol (traces first), sampler, propagators and batch settings", () => {
    const config = loadTracingConfig({
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_PROPAGATORS: "tracecontext",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_BSP_MAX_QUEUE_SIZE: "4096",
    });
    expect(config).to.deep.include({
      protocol: "http/json",
      sampler: { name: "parentbased_traceidratio", ratio: 0.25 },
      propagators: ["tracecontext"],
      batch: { scheduledDelayMillis: 200, maxQueueSize: 4096 },
    });
    expect(loadTracingConfig({ OTEL_PROPAGATORS: "none" }).propagators).to.deep.equal([]);
  });

  it("refuses a value it cannot use with one line naming the variable, through the caller's error", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (grpc is not supported here)"],
      [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "thrift" }, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"],
      [{ OTEL_TRACES_EXPORTER: "zipkin" }, "OTEL_TRACES_EXPORTER"],
      [{ OTEL_SDK_DISABLED: "yes" }, "OTEL_SDK_DISABLED"],
      [{ OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER"],
      [{ OTEL_TRACES_SAMPLER_ARG: "2" }, "OTEL_TRACES_SAMPLER_ARG"],
      [{ OTEL_PROPAGATORS: "tracecontext,b3" }, "OTEL_PROPAGATORS"],
      [{ OTEL_BSP_SCHEDULE_DELAY: "-1" }, "OTEL_BSP_SCHEDULE_DELAY"],
      [{ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "0" }, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE"],
    ];
    for (const [env, start] of cases) {
      expect(() => loadTracingConfig(env), start).to.throw(TracingConfigError).with.property("message").that.satisfies((m: string) => m.startsWith(start));
    }
    class ServiceConfigError extends Error {}
    expect(() => loadTracingConfig({ OTEL_TRACES_SAMPLER: "x" }, (message) => new ServiceConfigError(message))).to.throw(ServiceConfigError, /^OTEL_TRACES_SAMPLER/);
  });
});
