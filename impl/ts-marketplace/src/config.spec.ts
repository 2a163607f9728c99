import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createTestCertificates, writeCertificateFiles, type CertificateFiles } from "@onlinebooks/testkit";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("uses the documented defaults when nothing is set", () => {
    const { tracing, ...config } = loadConfig({});
    expect(tracing.enabled, "tracing is off until an OTLP endpoint or exporter is named").to.equal(false);
    expect(config).to.deep.equal({
      port: 5000,
      recommendationsTarget: "localhost:50051",
      api: "v1",
      v2Percent: 0,
      timeoutMs: 500,
      tls: undefined,
      shutdownDelayMs: 0,
      shutdownGraceMs: 10_000,
      logLevel: "info",
      logSlowMs: 250,
      loadShedding: { maxInFlight: 128, maxEventLoopDelayMs: 50, retryAfterSeconds: 2 },
    });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      RECOMMENDATIONS_HOST: "recs.internal",
      RECOMMENDATIONS_PORT: "6000",
      RECOMMENDATIONS_API: "split",
      RECOMMENDATIONS_V2_PERCENT: "25",
      RECOMMENDATIONS_TIMEOUT_MS: "800",
      SHUTDOWN_DELAY_MS: "5000",
      SHUTDOWN_GRACE_MS: "20000",
      LOG_LEVEL: "debug",
      LOG_SLOW_MS: "100",
      OVERLOAD_MAX_IN_FLIGHT: "10",
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "200",
      OVERLOAD_RETRY_AFTER_SECONDS: "5",
    });
    expect(config.loadShedding).to.deep.equal({ maxInFlight: 10, maxEventLoopDelayMs: 200, retryAfterSeconds: 5 });
    expect(config).to.include({
      port: 8080,
      recommendationsTarget: "recs.internal:6000",
      api: "split",
      v2Percent: 25,
      timeoutMs: 800,
      shutdownDelayMs: 5000,
      shutdownGraceMs: 20_000,
      logLevel: "debug",
      logSlowMs: 100,
    });
  });

  it("lets RECOMMENDATIONS_TARGET override host and port, and brackets a bare IPv6 host", () => {
    expect(loadConfig({ RECOMMENDATIONS_TARGET: "dns:///recs:50051", RECOMMENDATIONS_HOST: "x" }).recommendationsTarget)
      .to.equal("dns:///recs:50051");
    expect(loadConfig({ RECOMMENDATIONS_HOST: "::1" }).recommendationsTarget).to.equal("[::1]:50051");
  });

  const bad: Array<[string, string]> = [
    ["PORT", "http"],
    ["PORT", "70000"],
    ["RECOMMENDATIONS_PORT", "0"],
    ["RECOMMENDATIONS_HOST", "recs/evil path"],
    ["RECOMMENDATIONS_TARGET", "dns:///a b"],
    ["RECOMMENDATIONS_API", "v3"],
    ["RECOMMENDATIONS_V2_PERCENT", "101"],
    ["OVERLOAD_MAX_IN_FLIGHT", "0"],
    ["OVERLOAD_MAX_EVENT_LOOP_DELAY_MS", "fast"],
    ["OVERLOAD_RETRY_AFTER_SECONDS", "-1"],
    ["RECOMMENDATIONS_V2_PERCENT", "12.5"],
    ["RECOMMENDATIONS_TIMEOUT_MS", "0"],
    ["SHUTDOWN_GRACE_MS", "-1"],
    ["LOG_LEVEL", "verbose"],
    ["LOG_SLOW_MS", "fast"],
    ["RECOMMENDATIONS_TLS_CA", "/no/such/ca.pem"],
  ];
  for (const [name, value] of bad) {
    it(`stops on ${name}=${value} with a one-line message naming the variable`, () => {
      expect(() => loadConfig({ [name]: value }))
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(new RegExp(`^${name} [^\\n]+$`));
    });
  }

  describe("TLS", () => {
    let certs: CertificateFiles;
    let dir: string;
    before(() => {
      certs = writeCertificateFiles(createTestCertificates({ caName: "Marketplace Test CA" }));
      dir = mkdtempSync(join(tmpdir(), "marketplace-config-"));
      writeFileSync(join(dir, "not-pem.pem"), "-- not a certificate --");
    });
    after(() => {
      certs?.remove();
      rmSync(dir, { recursive: true, force: true });
    });

    it("reads the CA, and the client certificate and key for mutual TLS", () => {
      const { tls } = loadConfig({
        RECOMMENDATIONS_TLS_CA: join(certs.dir, "ca.crt"),
        RECOMMENDATIONS_TLS_CERT: join(certs.dir, "client.crt"),
        RECOMMENDATIONS_TLS_KEY: join(certs.dir, "client.key"),
      });
      expect(tls?.ca?.toString()).to.equal(readFileSync(join(certs.dir, "ca.crt"), "utf8"));
      expect(tls?.cert?.toString()).to.equal(readFileSync(join(certs.dir, "client.crt"), "utf8"));
      expect(tls?.key?.toString()).to.equal(readFileSync(join(certs.dir, "client.key"), "utf8"));
    });

    it("refuses a client certificate without its key", () => {
      expect(() => loadConfig({ RECOMMENDATIONS_TLS_CERT: join(certs.dir, "client.crt") })).to.throw(
        ConfigError,
        /RECOMMENDATIONS_TLS_CERT and RECOMMENDATIONS_TLS_KEY/,
      );
    });

    it("refuses files that are not PEM, and a key that is not the certificate's, naming the variable", () => {
      const notPem = join(dir, "not-pem.pem");
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ RECOMMENDATIONS_TLS_CA: notPem }, /^RECOMMENDATIONS_TLS_CA must name a PEM certificate file/],
        [{ RECOMMENDATIONS_TLS_CERT: notPem, RECOMMENDATIONS_TLS_KEY: join(certs.dir, "client.key") }, /^RECOMMENDATIONS_TLS_CERT must name a PEM certificate file/],
        [{ RECOMMENDATIONS_TLS_CERT: join(certs.dir, "client.crt"), RECOMMENDATIONS_TLS_KEY: notPem }, /^RECOMMENDATIONS_TLS_KEY must name a PEM private key file/],
        [{ RECOMMENDATIONS_TLS_CERT: join(certs.dir, "client.crt"), RECOMMENDATIONS_TLS_KEY: join(certs.dir, "server.key") }, /^RECOMMENDATIONS_TLS_KEY is not the private key of RECOMMENDATIONS_TLS_CERT$/],
      ];
      for (const [env, message] of cases) expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  });

  it("takes tracing from the standard OTEL_* variables, a bad one stopping start-up", () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "otlp" }).tracing).to.include({ enabled: true, protocol: "http/protobuf" });
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: "sometimes" })).to.throw(ConfigError, /^OTEL_TRACES_SAMPLER must be one of/);
  });
});
