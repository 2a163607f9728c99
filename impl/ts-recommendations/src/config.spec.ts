import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  let dir: string;
  let pem: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "recs-config-"));
    pem = join(dir, "x.pem");
    writeFileSync(pem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    writeFileSync(join(dir, "not.pem"), "hello");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the documented defaults when nothing is set, and treats empty values as unset", () => {
    const defaults = {
      grpcPort: 50051,
      metricsPort: 9464,
      catalogPath: undefined,
      tls: undefined,
      logLevel: "info",
      maxConnectionAgeMs: 300_000,
      logSlowMs: 250,
      v1Deprecation: {},
      maxConnectionIdleMs: 60_000,
      maxConcurrentCalls: 128,
    };
    for (const env of [{}, { GRPC_PORT: "", TLS_CLIENT_CA: "" }]) {
      const { tracing, ...config } = loadConfig(env);
      expect(config).to.deep.equal(defaults);
      expect(tracing.enabled, "tracing is off until an OTLP endpoint or exporter is named").to.equal(false);
    }
  });

  it("turns tracing on from the standard OTEL_* variables", () => {
    const { tracing } = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" });
    expect(tracing).to.include({ enabled: true, protocol: "http/json" });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      GRPC_PORT: "0",
      METRICS_PORT: "9000",
      CATALOG_PATH: "/data/books.json",
      TLS_CERT: pem,
      TLS_KEY: pem,
      TLS_CLIENT_CA: pem,
      LOG_LEVEL: "debug",
      GRPC_MAX_CONNECTION_AGE_MS: "0",
      LOG_SLOW_MS: "40",
      V1_DEPRECATION_DATE: "2026-11-01",
      V1_SUNSET_DATE: "2027-06-30T12:00:00+02:00",
      GRPC_MAX_CONNECTION_IDLE_MS: "0",
      GRPC_MAX_CONCURRENT_CALLS: "7",
    });
    expect(config).to.include({ grpcPort: 0, metricsPort: 9000, catalogPath: "/data/books.json", logLevel: "debug", maxConnectionAgeMs: 0, logSlowMs: 40, maxConnectionIdleMs: 0, maxConcurrentCalls: 7 });
    expect(config.v1Deprecation).to.deep.equal({ deprecatedAtMs: Date.UTC(2026, 10, 1), sunsetAtMs: Date.UTC(2027, 5, 30, 10) });
    expect(config.tls?.clientCa?.toString()).to.include("BEGIN CERTIFICATE");
  });

  it("fails with one line that starts with the variable's name", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ GRPC_PORT: "http" }, "GRPC_PORT"],
      [{ GRPC_PORT: "65536" }, "GRPC_PORT"],
      [{ GRPC_PORT: "-1" }, "GRPC_PORT"],
      [{ METRICS_PORT: "1.5" }, "METRICS_PORT"],
      [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
      [{ GRPC_MAX_CONNECTION_AGE_MS: "5m" }, "GRPC_MAX_CONNECTION_AGE_MS"],
      [{ LOG_SLOW_MS: "0.5" }, "LOG_SLOW_MS"],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_PROTOCOL"],
      [{ GRPC_MAX_CONNECTION_AGE_MS: "-1" }, "GRPC_MAX_CONNECTION_AGE_MS"],
      [{ GRPC_MAX_CONNECTION_AGE_MS: "2147483648" }, "GRPC_MAX_CONNECTION_AGE_MS"],
      [{ GRPC_MAX_CONNECTION_IDLE_MS: "1h" }, "GRPC_MAX_CONNECTION_IDLE_MS"],
      [{ GRPC_MAX_CONCURRENT_CALLS: "0" }, "GRPC_MAX_CONCURRENT_CALLS"],
      [{ GRPC_MAX_CONCURRENT_CALLS: "many" }, "GRPC_MAX_CONCURRENT_CALLS"],
      [{ TLS_CERT: pem }, "TLS_KEY"],
      [{ TLS_KEY: pem }, "TLS_CERT"],
      [{ TLS_CLIENT_CA: pem }, "TLS_CLIENT_CA"],
      [{ TLS_CERT: join(dir, "missing.pem"), TLS_KEY: pem }, "TLS_CERT"],
      [{ TLS_CERT: pem, TLS_KEY: join(dir, "not.pem") }, "TLS_KEY"],
      [{ V1_SUNSET_DATE: "30.06.2027" }, "V1_SUNSET_DATE"],
      [{ V1_SUNSET_DATE: "2027-02-30" }, "V1_SUNSET_DATE"],
      [{ V1_DEPRECATION_DATE: "2027-06-30T25:00:00Z" }, "V1_DEPRECATION_DATE"],
      [{ V1_DEPRECATION_DATE: "2027-07-01", V1_SUNSET_DATE: "2027-06-30" }, "V1_SUNSET_DATE"],
    ];
    for (const [env, variable] of cases) {
      let message = "";
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message.startsWith(`${variable} `), `${JSON.stringify(env)} → ${message}`).to.equal(true);
      expect(message).to.not.include("\n");
    }
  });
});
