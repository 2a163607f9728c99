import { expect } from "chai";
import { startMarketplaceProcess } from "@onlinebooks/testkit";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { bookTitles, get, startRecommendations } from "./testing/fixtures.js";

/** The collected lines as the text they came from (every line ends in a newline). */
const text = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join("");

describe("main.js (the marketplace process)", () => {
  let recs: RecommendationsServer;
  before(async () => {
    recs = await startRecommendations();
  });
  after(async () => {
    await recs.shutdown();
  });

  it("refuses a bad variable with one line naming it, and exit code 2", async () => {
    const service = await startMarketplaceProcess({ ready: "none", env: { RECOMMENDATIONS_API: "v3" } });
    const code = await service.exited;
    expect(code).to.equal(2);
    expect(text(service.stdout)).to.equal("");
    expect(text(service.stderr)).to.match(/^marketplace: invalid configuration: RECOMMENDATIONS_API must be one of v1, v2, split, shadow, got "v3"\n$/);
  });

  it("serves pages, fails /readyz while draining on SIGTERM, then exits 0", async () => {
    const service = await startMarketplaceProcess({
      port: 0,
      ready: "log",
      env: { RECOMMENDATIONS_TARGET: recs.address, RECOMMENDATIONS_API: "v2", SHUTDOWN_DELAY_MS: "1500" },
    });
    try {
      const baseUrl = `http://127.0.0.1:${service.port}`;
      const home = await get(baseUrl, "/");
      expect(home.status).to.equal(200);
      expect(bookTitles(await home.text())).to.have.length(12);
      expect((await get(baseUrl, "/readyz")).status).to.equal(200);

      const stopped = service.stop("SIGTERM");
      await service.waitForLog("draining");
      expect((await get(baseUrl, "/readyz")).status).to.equal(503);
      expect((await get(baseUrl, "/healthz")).status).to.equal(200);
      const { code } = await stopped;
      expect(code).to.equal(0);
      expect(text(service.stdout)).to.contain('"msg":"stopped"');
    } finally {
      await service.stop("SIGKILL");
    }
  });
});
