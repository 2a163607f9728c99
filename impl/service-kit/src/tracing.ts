import { context, propagation, trace, type TextMapPropagator } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { TracingConfig } from "./tracing-config.js";

/** Options of {@link startTracing}. */
export interface TracingOptions {
  /** `service.name` of the spans, unless `OTEL_SERVICE_NAME` or `OTEL_RESOURCE_ATTRIBUTES` name another. */
  readonly serviceName: string;
  /** Where spans go; default the OTLP exporter of `config.protocol`, configured by `OTEL_EXPORTER_OTLP_*`. */
  readonly exporter?: SpanExporter;
}

/** Tracing as {@link startTracing} set it up. */
export interface Tracing {
  /** Whether spans are made and exported. */
  readonly enabled: boolean;
  /** Exports the spans still buffered and stops; call it before the process exits. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * Sets up tracing for the process, once, before it creates servers and clients: the
 * OpenTelemetry SDK's tracer provider (OTLP over HTTP with protobuf or JSON bodies,
 * batched), the context manager that makes a span active across `await`, and the W3C
 * Trace Context (and baggage) propagator, all registered with the OpenTelemetry API —
 * so the spans of `@onlinebooks/grpc-es`, of the marketplace's pages and of the domain
 * calls are made and carried between the services. With tracing off it registers
 * nothing, and every OpenTelemetry API call stays a no-op.
 */
export function startTracing(config: TracingConfig, options: TracingOptions): Tracing {
  if (!config.enabled) return OFF;
  const exporter = options.exporter ?? (config.protocol === "http/json" ? new OtlpJsonExporter() : new OtlpProtobufExporter());
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: samplerOf(config.sampler),
    spanProcessors: [new BatchSpanProcessor({ exporter, ...config.batch })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagatorOf(config.propagators));
  trace.setGlobalTracerProvider(provider);
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

function samplerOf({ name, ratio }: TracingConfig["sampler"]): Sampler {
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio);
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function propagatorOf(names: TracingConfig["propagators"]): TextMapPropagator {
  return new CompositePropagator({
    propagators: names.map((name) => (name === "tracecontext" ? new W3CTraceContextPropagator() : new W3CBaggagePropagator())),
  });
}
