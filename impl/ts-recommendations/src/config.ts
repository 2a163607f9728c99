import { readFileSync } from "node:fs";
import { loadTracingConfig, type TracingConfig } from "@onlinebooks/service-kit";
import type { ApiDeprecation } from "./server/api-deprecation.js";
import { DEFAULT_MAX_CONCURRENT_CALLS } from "./server/call-admission.js";

/** The service's configuration, read once from the environment by {@link loadConfig}. */
export interface RecommendationsConfig {
  /** `GRPC_PORT`: the gRPC port (default 50051; 0 = any free port). */
  readonly grpcPort: number;
  /** `METRICS_PORT`: the HTTP port of `/metrics` (default 9464; 0 = any free port). */
  readonly metricsPort: number;
  /** `CATALOG_PATH`: the catalog file; undefined = the shipped catalog. */
  readonly catalogPath: string | undefined;
  /** `TLS_CERT`, `TLS_KEY`, `TLS_CLIENT_CA`: PEM contents; undefined = plaintext. */
  readonly tls: { cert: Buffer; key: Buffer; clientCa?: Buffer } | undefined;
  /** `LOG_LEVEL`: pino level (default info). */
  readonly logLevel: LogLevel;
  /**
   * `GRPC_MAX_CONNECTION_AGE_MS`: how long a client connection may live before the
   * server asks the client to reconnect (default 300000 = 5 minutes; 0 = forever).
   * Reconnecting re-resolves DNS, so round-robin clients find new replicas.
   */
  readonly maxConnectionAgeMs: number;
  /** `LOG_SLOW_MS`: a successful call this slow or slower is logged at `info` (default 250). */
  readonly logSlowMs: number;
  /**
   * `GRPC_MAX_CONNECTION_IDLE_MS`: how long a client connection may stay without calls
   * before the server closes it (default 60000; 0 = never).
   */
  readonly maxConnectionIdleMs: number;
  /**
   * `GRPC_MAX_CONCURRENT_CALLS`: calls in progress at once; past it calls are answered
   * RESOURCE_EXHAUSTED (default 128).
   */
  readonly maxConcurrentCalls: number;
  /**
   * `V1_DEPRECATION_DATE`, `V1_SUNSET_DATE`: when v1 (and the legacy path) became
   * deprecated and when it stops being served, in milliseconds since the epoch;
   * undefined = not announced. Answers of v1 and the legacy path carry them.
   */
  readonly v1Deprecation: ApiDeprecation;
  /** Tracing, from the standard `OTEL_*` variables (off unless an OTLP endpoint or exporter is set). */
  readonly tracing: TracingConfig;
}

/** The log levels `LOG_LEVEL` accepts. */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A bad configuration value. The message is one line that starts with the variable's name. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Reads and validates the service's environment variables, each described in the
 * package README: `GRPC_PORT`, `METRICS_PORT`, `CATALOG_PATH`, `TLS_CERT`, `TLS_KEY`,
 * `TLS_CLIENT_CA`, `LOG_LEVEL`, `LOG_SLOW_MS`, `GRPC_MAX_CONNECTION_AGE_MS`,
 * `GRPC_MAX_CONNECTION_IDLE_MS`, `GRPC_MAX_CONCURRENT_CALLS`, `V1_DEPRECATION_DATE`,
 * `V1_SUNSET_DATE` and the tracing `OTEL_*` ones. An empty value counts
 * as unset. TLS files are read here, so an unreadable one is reported under its
 * variable. Throws a {@link ConfigError} at the first bad value. The only reader of
 * `process.env` in this package.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RecommendationsConfig {
  const get = (name: string): string | undefined => (env[name] === "" ? undefined : env[name]);
  const cert = readPem(get, "TLS_CERT");
  const key = readPem(get, "TLS_KEY");
  const clientCa = readPem(get, "TLS_CLIENT_CA");
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? "TLS_CERT" : "TLS_KEY";
    throw new ConfigError(`${missing} must be set when ${missing === "TLS_CERT" ? "TLS_KEY" : "TLS_CERT"} is set`);
  }
  if (clientCa !== undefined && cert === undefined) {
    throw new ConfigError("TLS_CLIENT_CA needs TLS_CERT and TLS_KEY: mutual TLS is TLS with client certificates");
  }
  const logLevel = get("LOG_LEVEL") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
  }
  return {
    grpcPort: port(get, "GRPC_PORT", 50051),
    metricsPort: port(get, "METRICS_PORT", 9464),
    catalogPath: get("CATALOG_PATH"),
    tls: cert && key ? { cert, key, ...(clientCa ? { clientCa } : {}) } : undefined,
    logLevel: logLevel as LogLevel,
    maxConnectionAgeMs: milliseconds(get, "GRPC_MAX_CONNECTION_AGE_MS", 300_000),
    logSlowMs: milliseconds(get, "LOG_SLOW_MS", 250),
    maxConnectionIdleMs: milliseconds(get, "GRPC_MAX_CONNECTION_IDLE_MS", 60_000),
    maxConcurrentCalls: count(get, "GRPC_MAX_CONCURRENT_CALLS", DEFAULT_MAX_CONCURRENT_CALLS),
    v1Deprecation: v1Deprecation(get),
    tracing: loadTracingConfig(env, (message) => new ConfigError(message)),
  };
}

function v1Deprecation(get: Getter): ApiDeprecation {
  const deprecatedAtMs = instant(get, "V1_DEPRECATION_DATE");
  const sunsetAtMs = instant(get, "V1_SUNSET_DATE");
  if (deprecatedAtMs !== undefined && sunsetAtMs !== undefined && sunsetAtMs <= deprecatedAtMs) {
    throw new ConfigError(`V1_SUNSET_DATE must be later than V1_DEPRECATION_DATE (got ${get("V1_SUNSET_DATE")} and ${get("V1_DEPRECATION_DATE")})`);
  }
  return { ...(deprecatedAtMs === undefined ? {} : { deprecatedAtMs }), ...(sunsetAtMs === undefined ? {} : { sunsetAtMs }) };
}

/** A date (`2027-06-30`, midnight UTC) or an RFC 3339 date-time with its offset, whole seconds. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2}))?$/;

function instant(get: Getter, name: string): number | undefined {
  const text = get(name);
  if (text === undefined) return undefined;
  // Date.parse rolls an impossible day over (2027-02-30 becomes 2027-03-02): the day must survive.
  const day = text.slice(0, 10);
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  const valid = INSTANT.test(text) && !Number.isNaN(dayMs) && new Date(dayMs).toISOString().startsWith(day);
  const ms = valid ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : NaN;
  if (Number.isNaN(ms)) {
    throw new ConfigError(`${name} must be a date such as 2027-06-30 or a date-time such as 2027-06-30T12:00:00Z (got "${text}")`);
  }
  return ms;
}

type Getter = (name: string) => string | undefined;

function port(get: Getter, name: string, fallback: number): number {
  const text = get(name);
  if (text === undefined) return fallback;
  const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value <= 65535)) throw new ConfigError(`${name} must be a port number from 0 to 65535 (got "${text}")`);
  return value;
}

function milliseconds(get: Getter, name: string, fallback: number): number {
  const text = get(name);
  if (text === undefined) return fallback;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 2_147_483_647) {
    throw new ConfigError(`${name} must be a whole number of milliseconds from 0 to 2147483647 (got "${text}")`);
  }
  return Number(text);
}

function count(get: Getter, name: string, fallback: number): number {
  const text = get(name);
  if (text === undefined) return fallback;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new ConfigError(`${name} must be a whole number from 1 to 9999999 (got "${text}")`);
  return Number(text);
}

function readPem(get: Getter, name: string): Buffer | undefined {
  const path = get(name);
  if (path === undefined) return undefined;
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${name} names a file that cannot be read: ${reason}`);
  }
  if (!content.includes("-----BEGIN ")) throw new ConfigError(`${name} must name a PEM file (${path} is not PEM)`);
  return content;
}
