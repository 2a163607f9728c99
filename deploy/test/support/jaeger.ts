import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { answersOk, freePort, startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { stringify } from "yaml";

/** A span as Jaeger's query API (`/api/traces`) returns it. */
export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: ReadonlyArray<{ readonly refType: string; readonly spanID: string }>;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: unknown }>;
  readonly processID: string;
}

/** A trace as Jaeger's query API returns it: its spans and the processes (services) that made them. */
export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { readonly serviceName: string }>>;
}

/** A Jaeger started by {@link startJaeger}. */
export interface JaegerServer {
  /** Where services send OTLP over HTTP: `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly otlpEndpoint: string;
  readonly process: ServiceProcess;
  /** The traces of `service` that started after `sinceMs` (epoch milliseconds), newest first. */
  traces(service: string, sinceMs: number): Promise<JaegerTrace[]>;
}

/**
 * Runs the Jaeger binary (`cmd/jaeger`, an OpenTelemetry collector with Jaeger's
 * storage and query extensions) with a configuration written to `dir`: every port on
 * 127.0.0.1 and free — the OTLP/HTTP receiver, the query API (HTTP and gRPC) — memory
 * storage, its own telemetry off. Resolves once the query API answers.
 */
export async function startJaeger(jaeger: string, dir: string): Promise<JaegerServer> {
  const [otlp, query, queryGrpc] = [await freePort(), await freePort(), await freePort()];
  const config = {
    service: {
      extensions: ["jaeger_storage", "jaeger_query"],
      pipelines: { traces: { receivers: ["otlp"], exporters: ["jaeger_storage_exporter"] } },
      telemetry: { metrics: { level: "none" }, logs: { level: "warn" } },
    },
    extensions: {
      jaeger_storage: { backends: { memory_store: { memory: { max_traces: 10_000 } } } },
      jaeger_query: {
        storage: { traces: "memory_store" },
        enable_tracing: false,
        http: { endpoint: `127.0.0.1:${query}` },
        grpc: { endpoint: `127.0.0.1:${queryGrpc}` },
      },
    },
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlp}` } } } },
    exporters: { jaeger_storage_exporter: { trace_storage: "memory_store" } },
  };
  const file = join(dir, "jaeger.yaml");
  writeFileSync(file, stringify(config));
  const queryUrl = `http://127.0.0.1:${query}`;
  const process = startServiceProcess({ command: jaeger, args: ["--config", file] });
  await process.waitUntil(() => answersOk(`${queryUrl}/api/services`), { timeoutMs: 30_000 });
  return {
    otlpEndpoint: `http://127.0.0.1:${otlp}`,
    process,
    async traces(service, sinceMs) {
      const params = new URLSearchParams({ service, limit: "100", start: String(sinceMs * 1000), end: String((Date.now() + 60_000) * 1000) });
      const response = await fetch(`${queryUrl}/api/traces?${params}`, { signal: AbortSignal.timeout(5000) });
      const body = (await response.json()) as { data: JaegerTrace[] | null };
      return body.data ?? [];
    },
  };
}

/** The value of a span's tag, or undefined. */
export function tag(span: JaegerSpan, key: string): unknown {
  return span.tags.find((candidate) => candidate.key === key)?.value;
}

/** The span's parent (its CHILD_OF reference), or undefined for a root span. */
export function parentOf(span: JaegerSpan): string | undefined {
  return span.references.find((reference) => reference.refType === "CHILD_OF")?.spanID;
}
