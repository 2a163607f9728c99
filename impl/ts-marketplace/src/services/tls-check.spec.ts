import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { pino } from "pino";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import type { TlsOptions } from "@onlinebooks/recommendations-v2";
import {
  createLogSink,
  createTestCertificates,
  startMarketplaceProcess,
  writeCertificateFiles,
  type CertificateFiles,
  type LogLine,
} from "@onlinebooks/testkit";
import { bookTitles, get, NOTICE, startMarketplace, startRecommendations } from "../testing/fixtures.js";
import { checkRecommendationsTls } from "./tls-check.js";

/** A pino logger whose lines are collected. */
function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const { stream, lines } = createLogSink();
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("marketplace with wrong recommendations certificates (mTLS)", () => {
  let ours: CertificateFiles;
  let theirs: CertificateFiles;
  let recs: RecommendationsServer;
  const pem = (certs: CertificateFiles, name: string): Buffer => readFileSync(join(certs.dir, name));

  before(async function () {
    this.timeout(30_000);
    ours = writeCertificateFiles(createTestCertificates({ caName: "Marketplace Test CA" }));
    theirs = writeCertificateFiles(createTestCertificates({ caName: "Marketplace Test CA" }));
    recs = await startRecommendations({ mtls: ours });
  });
  after(async () => {
    await recs?.shutdown();
    ours?.remove();
    theirs?.remove();
  });

  it("logs one info line when the certificates are right", async () => {
    const { logger, lines } = capturingLogger();
    const tls = { ca: pem(ours, "ca.crt"), cert: pem(ours, "client.crt"), key: pem(ours, "client.key") };
    expect(await checkRecommendationsTls({ target: `localhost:${recs.port}`, tls, logger })).to.deep.equal({ outcome: "ok" });
    expect(lines.map((line) => [line.level, line.msg])).to.deep.equal([[30, "recommendations TLS handshake ok"]]);
  });

  const wrong: Array<[string, () => TlsOptions, RegExp]> = [
    ["a client certificate from another CA", () => ({ ca: pem(ours, "ca.crt"), cert: pem(theirs, "client.crt"), key: pem(theirs, "client.key") }), /handshake .* failed: .*it refused our client certificate/],
    ["an expired client certificate", () => ({ ca: pem(ours, "ca.crt"), cert: pem(ours, "expired.crt"), key: pem(ours, "expired.key") }), /RECOMMENDATIONS_TLS_CERT expired on .*handshake .* failed: .*it refused our client certificate/],
    ["no client certificate", () => ({ ca: pem(ours, "ca.crt") }), /handshake .* failed: .*certificate required/],
    ["the wrong CA for the service", () => ({ ca: pem(theirs, "ca.crt"), cert: pem(ours, "client.crt"), key: pem(ours, "client.key") }), /handshake .* failed: .*(self-signed|unable to (get|verify))/],
  ];
  for (const [what, tlsOf, reason] of wrong) {
    it(`with ${what}: pages still answer 200 with the notice, and one error line says what is wrong`, async () => {
      const tls = tlsOf();
      const { logger, lines } = capturingLogger();
      const result = await checkRecommendationsTls({ target: `localhost:${recs.port}`, tls, logger });
      expect(result.outcome).to.equal("wrong");
      expect(lines).to.have.length(1);
      expect(lines[0]?.level).to.equal(50);
      expect(lines[0]?.msg).to.match(/^recommendations TLS is misconfigured: /);
      expect(lines[0]?.msg).to.match(reason);
      expect(lines[0]?.msg).to.contain("check RECOMMENDATIONS_TLS_CA, RECOMMENDATIONS_TLS_CERT and RECOMMENDATIONS_TLS_KEY");

      const running = await startMarketplace(`localhost:${recs.port}`, { tls });
      try {
        const response = await get(running.baseUrl, "/");
        expect(response.status).to.equal(200);
        const html = await response.text();
        expect(html).to.contain(NOTICE);
        expect(bookTitles(html)).to.deep.equal([]);
      } finally {
        await running.close();
      }
    });
  }

  it("warns, without blaming TLS, when the service cannot be reached", async () => {
    const { logger, lines } = capturingLogger();
    const tls = { ca: pem(ours, "ca.crt"), cert: pem(ours, "client.crt"), key: pem(ours, "client.key") };
    const result = await checkRecommendationsTls({ target: "127.0.0.1:1", tls, logger });
    expect(result).to.deep.equal({ outcome: "unreachable", reason: "ECONNREFUSED" });
    expect(lines.map((line) => line.level)).to.deep.equal([40]);
  });

  it("main.js logs the line at start-up and keeps serving pages", async () => {
    const marketplace = await startMarketplaceProcess({
      stdout: "collect",
      env: {
        LOG_LEVEL: "info",
        RECOMMENDATIONS_TARGET: `localhost:${recs.port}`,
        RECOMMENDATIONS_TLS_CA: join(ours.dir, "ca.crt"),
        RECOMMENDATIONS_TLS_CERT: join(theirs.dir, "client.crt"),
        RECOMMENDATIONS_TLS_KEY: join(theirs.dir, "client.key"),
      },
    });
    try {
      const misconfigured = (): string | undefined => marketplace.stdout.find((text) => text.includes("TLS is misconfigured"));
      await marketplace.waitUntil(() => misconfigured() !== undefined, { timeoutMs: 5000 });
      const line = misconfigured();
      expect(line, marketplace.output()).to.be.a("string");
      expect((JSON.parse(line as string) as { level: number }).level).to.equal(50);
      const response = await get(`http://127.0.0.1:${marketplace.port}`, "/");
      expect(response.status).to.equal(200);
      expect(await response.text()).to.contain(NOTICE);
    } finally {
      await marketplace.stop("SIGTERM");
    }
  });
});
