import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { TlsOptions } from "@onlinebooks/recommendations-v2";
import { loadTracingConfig, type TracingConfig } from "@onlinebooks/service-kit";
import { DEFAULT_LOAD_SHEDDING, type LoadSheddingLimits } from "./load-shedding.js";
import type { RolloutMode } from "./services/rollout.js";

/** The validated configuration of the marketplace. */
export interface MarketplaceConfig {
  /** HTTP port to listen on (`PORT`, default 5000; 0 picks a free one). */
  readonly port: number;
  /** grpc target of the Recommendations service (`RECOMMENDATIONS_TARGET`, or host and port). */
  readonly recommendationsTarget: string;
  /** Rollout mode (`RECOMMENDATIONS_API`, default `v1`). */
  readonly api: RolloutMode;
  /** Percentage of readers on v2 in split and shadow mode (`RECOMMENDATIONS_V2_PERCENT`, default 0). */
  readonly v2Percent: number;
  /** Deadline of one page's recommendation lookup (`RECOMMENDATIONS_TIMEOUT_MS`, default 500). */
  readonly timeoutMs: number;
  /** TLS material for the channel (`RECOMMENDATIONS_TLS_*`); undefined for plaintext. */
  readonly tls: TlsOptions | undefined;
  /** How long shutdown keeps serving with `/readyz` failing before it stops listening (`SHUTDOWN_DELAY_MS`, default 0). */
  readonly shutdownDelayMs: number;
  /** How long shutdown then waits for requests in flight (`SHUTDOWN_GRACE_MS`, default 10000). */
  readonly shutdownGraceMs: number;
  /** pino log level (`LOG_LEVEL`, default `info`). */
  readonly logLevel: string;
  /** A successful request this slow or slower is logged at `info` (`LOG_SLOW_MS`, default 250). */
  readonly logSlowMs: number;
  /**
   * When to answer 503 instead of serving (`OVERLOAD_MAX_IN_FLIGHT`, default 128;
   * `OVERLOAD_MAX_EVENT_LOOP_DELAY_MS`, default 50; `OVERLOAD_RETRY_AFTER_SECONDS`, default 2).
   */
  readonly loadShedding: LoadSheddingLimits;
  /** Tracing, from the standard `OTEL_*` variables (off unless an OTLP endpoint or exporter is set). */
  readonly tracing: TracingConfig;
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const MODES: readonly RolloutMode[] = ["v1", "v2", "split", "shadow"];
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

/**
 * Reads and validates the marketplace's environment variables (the README's
 * "Configuration" table) once. A missing variable takes its default; a bad value throws
 * a {@link ConfigError} whose one-line message names the variable and says what is
 * expected. TLS files are read and parsed here, so an unreadable file, one that is not
 * PEM, or a key that does not belong to the certificate also stops start-up (grpc-js
 * would throw a bare OpenSSL error while building the channels).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MarketplaceConfig {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
    }
    return raw as T;
  };

  const host = get("RECOMMENDATIONS_HOST") ?? "localhost";
  if (!HOST.test(host)) throw new ConfigError(`RECOMMENDATIONS_HOST must be a host name or IP address, got "${host}"`);
  const grpcPort = int("RECOMMENDATIONS_PORT", 50051, 1, 65535);
  const target = get("RECOMMENDATIONS_TARGET");
  if (target !== undefined && /\s/.test(target)) {
    throw new ConfigError(`RECOMMENDATIONS_TARGET must be a grpc target such as dns:///recs:50051, got "${target}"`);
  }
  const bareIpv6 = host.includes(":") && !host.startsWith("[");
  return {
    port: int("PORT", 5000, 0, 65535),
    recommendationsTarget: target ?? `${bareIpv6 ? `[${host}]` : host}:${grpcPort}`,
    api: oneOf("RECOMMENDATIONS_API", MODES, "v1"),
    v2Percent: int("RECOMMENDATIONS_V2_PERCENT", 0, 0, 100),
    timeoutMs: int("RECOMMENDATIONS_TIMEOUT_MS", 500, 1, 60_000),
    tls: readTls(get),
    shutdownDelayMs: int("SHUTDOWN_DELAY_MS", 0, 0, 300_000),
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 10_000, 0, 300_000),
    logLevel: oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    logSlowMs: int("LOG_SLOW_MS", 250, 0, 2_147_483_647),
    loadShedding: {
      maxInFlight: int("OVERLOAD_MAX_IN_FLIGHT", DEFAULT_LOAD_SHEDDING.maxInFlight, 1, 1_000_000),
      maxEventLoopDelayMs: int("OVERLOAD_MAX_EVENT_LOOP_DELAY_MS", DEFAULT_LOAD_SHEDDING.maxEventLoopDelayMs, 1, 60_000),
      retryAfterSeconds: int("OVERLOAD_RETRY_AFTER_SECONDS", DEFAULT_LOAD_SHEDDING.retryAfterSeconds, 1, 3600),
    },
    tracing: loadTracingConfig(env, (message) => new ConfigError(message)),
  };
}

function readTls(get: (name: string) => string | undefined): TlsOptions | undefined {
  const read = (name: string): Buffer | undefined => {
    const path = get(name);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
      throw new ConfigError(`${name} must name a readable PEM file, got "${path}" (${reason})`);
    }
  };
  const ca = read("RECOMMENDATIONS_TLS_CA");
  const cert = read("RECOMMENDATIONS_TLS_CERT");
  const key = read("RECOMMENDATIONS_TLS_KEY");
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError("RECOMMENDATIONS_TLS_CERT and RECOMMENDATIONS_TLS_KEY must be set together (mutual TLS)");
  }
  if (ca === undefined && cert === undefined) return undefined;
  const certificate = (name: string, pem: Buffer | undefined): X509Certificate | undefined => {
    if (pem === undefined) return undefined;
    try {
      return new X509Certificate(pem);
    } catch {
      throw new ConfigError(`${name} must name a PEM certificate file, got one that is not`);
    }
  };
  certificate("RECOMMENDATIONS_TLS_CA", ca);
  const parsed = certificate("RECOMMENDATIONS_TLS_CERT", cert);
  if (parsed && key) {
    let privateKey;
    try {
      privateKey = createPrivateKey(key);
    } catch {
      throw new ConfigError("RECOMMENDATIONS_TLS_KEY must name a PEM private key file, got one that is not");
    }
    if (!parsed.checkPrivateKey(privateKey)) throw new ConfigError("RECOMMENDATIONS_TLS_KEY is not the private key of RECOMMENDATIONS_TLS_CERT");
  }
  return { ca, cert, key };
}
