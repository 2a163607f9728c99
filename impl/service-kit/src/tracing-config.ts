/** The samplers `OTEL_TRACES_SAMPLER` may name. */
const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/** The samplers `OTEL_TRACES_SAMPLER` names that the services support (all the specification's built-in ones). */
export type SamplerName = (typeof SAMPLERS)[number];

/** The propagators `OTEL_PROPAGATORS` may name. */
export type PropagatorName = "tracecontext" | "baggage";

/** How a service traces, read from the standard `OTEL_*` variables by {@link loadTracingConfig}. */
export interface TracingConfig {
  /** Whether spans are made and exported at all. */
  readonly enabled: boolean;
  /** `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`: OTLP over HTTP with protobuf or JSON bodies. */
  readonly protocol: "http/protobuf" | "http/json";
  /** `OTEL_TRACES_SAMPLER` and its `OTEL_TRACES_SAMPLER_ARG` ratio (0–1; 1 when not given). */
  readonly sampler: { readonly name: SamplerName; readonly ratio: number };
  /** `OTEL_PROPAGATORS`: the formats of the context carried between services. */
  readonly propagators: readonly PropagatorName[];
  /** `OTEL_BSP_*`: the batch span processor's settings (undefined = the SDK's default). */
  readonly batch: {
    readonly scheduledDelayMillis?: number;
    readonly exportTimeoutMillis?: number;
    readonly maxQueueSize?: number;
    readonly maxExportBatchSize?: number;
  };
}

/** A tracing variable with a value the services cannot use; the message starts with its name. */
export class TracingConfigError extends Error {
  override readonly name = "TracingConfigError";
}

/**
 * Reads the OpenTelemetry variables of the [specification](https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/)
 * that decide how a service traces. Tracing is **off** unless `OTEL_TRACES_EXPORTER` is
 * `otlp` or an OTLP endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and always off with `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none`. The exporter reads the other `OTEL_EXPORTER_OTLP_*`
 * variables (endpoint, headers, timeout, compression, certificates) itself, and the
 * resource `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. Empty values count as
 * unset. Throws the error `fail` makes (default a {@link TracingConfigError}) of a
 * one-line message that starts with the first bad variable's name. Services call it from
 * their `config.ts`, the only readers of `process.env`, with their own configuration error.
 */
export function loadTracingConfig(
  env: NodeJS.ProcessEnv,
  fail: (message: string) => Error = (message) => new TracingConfigError(message),
): TracingConfig {
  try {
    return readTracingConfig(env);
  } catch (error) {
    throw error instanceof TracingConfigError ? fail(error.message) : error;
  }
}

function readTracingConfig(env: NodeJS.ProcessEnv): TracingConfig {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const disabled = oneOf(get, "OTEL_SDK_DISABLED", ["true", "false"], "false") === "true";
  const exporter = oneOf(get, "OTEL_TRACES_EXPORTER", ["otlp", "none"], undefined);
  const endpoint = get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? get("OTEL_EXPORTER_OTLP_ENDPOINT");
  const protocolVariable = get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") === undefined ? "OTEL_EXPORTER_OTLP_PROTOCOL" : "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
  const protocol = oneOf(get, protocolVariable, ["http/protobuf", "http/json"], "http/protobuf", "grpc is not supported here");
  const sampler = oneOf(get, "OTEL_TRACES_SAMPLER", SAMPLERS, "parentbased_always_on");
  const ratioText = get("OTEL_TRACES_SAMPLER_ARG");
  const ratio = ratioText === undefined ? 1 : Number(ratioText);
  if (!(ratio >= 0 && ratio <= 1)) throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${ratioText}"`);
  const propagators = (get("OTEL_PROPAGATORS") ?? "tracecontext,baggage").split(",").map((name) => name.trim());
  for (const name of propagators) {
    if (!["tracecontext", "baggage", "none"].includes(name)) {
      throw new TracingConfigError(`OTEL_PROPAGATORS must list tracecontext, baggage or none, got "${name}"`);
    }
  }
  const count = (name: string, min: number): number | undefined => {
    const text = get(name);
    if (text === undefined) return undefined;
    if (!/^\d{1,9}$/.test(text) || Number(text) < min) throw new TracingConfigError(`${name} must be a whole number from ${min}, got "${text}"`);
    return Number(text);
  };
  const batch = {
    scheduledDelayMillis: count("OTEL_BSP_SCHEDULE_DELAY", 0),
    exportTimeoutMillis: count("OTEL_BSP_EXPORT_TIMEOUT", 0),
    maxQueueSize: count("OTEL_BSP_MAX_QUEUE_SIZE", 1),
    maxExportBatchSize: count("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1),
  };
  return {
    enabled: !disabled && exporter !== "none" && (exporter === "otlp" || endpoint !== undefined),
    protocol,
    sampler: { name: sampler, ratio },
    propagators: propagators.filter((name): name is PropagatorName => name !== "none"),
    batch: Object.fromEntries(Object.entries(batch).filter(([, value]) => value !== undefined)),
  };
}

function oneOf<T extends string, D extends T | undefined>(
  get: (name: string) => string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: D,
  note?: string,
): T | D {
  const value = get(name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new TracingConfigError(`${name} must be one of ${allowed.join(", ")}${note ? ` (${note})` : ""}, got "${value}"`);
  }
  return value as T;
}
