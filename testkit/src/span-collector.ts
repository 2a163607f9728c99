import { ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";

/** A span exporter that keeps what it is given, for tests that read spans in-process. */
export interface SpanCollector extends SpanExporter {
  /** Every span exported so far, in export order. */
  readonly spans: ReadableSpan[];
}

/**
 * A span exporter that keeps every span it is given (the SDK's in-memory exporter
 * forgets them on shutdown, which is when a batch processor hands over the last ones).
 */
export function createSpanCollector(): SpanCollector {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    export(batch, done) {
      spans.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
  };
}
