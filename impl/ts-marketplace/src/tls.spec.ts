import { join } from "node:path";
import { expect } from "chai";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { createTestCertificates, writeCertificateFiles, type CertificateFiles } from "@onlinebooks/testkit";
import { loadConfig } from "./config.js";
import { bookTitles, get, silentLogger, startMarketplace, startRecommendations } from "./testing/fixtures.js";

describe("marketplace to recommendations over mutual TLS (RECOMMENDATIONS_TLS_*)", () => {
  let certs: CertificateFiles;
  let recs: RecommendationsServer;
  const file = (name: string): string => join(certs.dir, name);

  before(async () => {
    certs = writeCertificateFiles(createTestCertificates({ caName: "Marketplace Test CA" }));
    recs = await startRecommendations({ mtls: certs });
  });
  after(async () => {
    await recs?.shutdown();
    certs?.remove();
  });

  it("shows books with the CA and a client certificate", async () => {
    const config = loadConfig({
      RECOMMENDATIONS_HOST: "localhost",
      RECOMMENDATIONS_PORT: String(recs.port),
      RECOMMENDATIONS_TLS_CA: file("ca.crt"),
      RECOMMENDATIONS_TLS_CERT: file("client.crt"),
      RECOMMENDATIONS_TLS_KEY: file("client.key"),
    });
    const running = await startMarketplace(config.recommendationsTarget, { tls: config.tls, logger: silentLogger });
    try {
      expect(bookTitles(await (await get(running.baseUrl, "/")).text())).to.have.length(12);
    } finally {
      await running.close();
    }
  });

  it("shows the notice, still 200, when the service refuses a caller without a certificate", async () => {
    const config = loadConfig({ RECOMMENDATIONS_TLS_CA: file("ca.crt") });
    const running = await startMarketplace(`localhost:${recs.port}`, { tls: config.tls });
    try {
      const response = await get(running.baseUrl, "/");
      expect(response.status).to.equal(200);
      expect(await response.text()).to.contain("Recommendations are taking a short break.");
    } finally {
      await running.close();
    }
  });
});
