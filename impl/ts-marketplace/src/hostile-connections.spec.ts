import { expect } from "chai";
import { HTTP1_ATTACKS, measureUnderAttack, runAttackInWorker, startMarketplaceProcess, type Http1AttackName, type Http1AttackReport } from "@onlinebooks/testkit";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { startRecommendations } from "./testing/fixtures.js";

/** The marketplace's memory limit in its Kubernetes Deployment. */
const MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** What each attack must have run into. */
const STOPPED_BY: Record<Http1AttackName, (report: Http1AttackReport) => void> = {
  "idle-connections": (report) => expect(report.connections).to.be.above(0),
  "slow-headers": (report) => expect(report.sent).to.be.above(0),
  // Heads over 8 KiB are refused with 431 and the connection closed.
  "huge-headers": (report) => expect(report.statuses["431"] ?? 0).to.be.above(0),
  "unread-responses": (report) => expect(report.sent).to.be.above(0),
};

describe("hostile HTTP/1.1 clients (the marketplace's main.js under attack)", function () {
  this.timeout(60_000);
  let recs: RecommendationsServer;

  before(async () => {
    recs = await startRecommendations();
  });
  after(async () => {
    await recs?.shutdown();
  });

  for (const attack of HTTP1_ATTACKS) {
    it(`${attack}: readers keep getting pages (≥ 99 % of requests answer 200), RSS stays under 256 MiB`, async () => {
      // As in its container, where Node sizes V8's heap from the 256 MiB memory limit.
      const marketplace = await startMarketplaceProcess({
        env: { RECOMMENDATIONS_TARGET: recs.address, RECOMMENDATIONS_API: "v2" },
        nodeOptions: ["--max-old-space-size=128"],
        stdout: "ignore",
      });
      const baseUrl = `http://127.0.0.1:${marketplace.port}`;
      let reader = 0;
      const page = async (): Promise<void> => {
        const response = await fetch(`${baseUrl}/`, { headers: { cookie: `reader=${++reader}` }, signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
      };
      try {
        const result = await measureUnderAttack({
          pid: marketplace.pid,
          attack: () => runAttackInWorker("http1", attack, { port: marketplace.port, path: "/", durationMs: 2000 }),
          goodCall: page,
        });
        const summary = JSON.stringify({ report: result.attack, good: result.good, peakRssMiB: result.server.peakRssBytes / 2 ** 20 });
        expect(result.good.calls, summary).to.be.above(0);
        expect(result.good.successRate, summary).to.be.at.least(0.99);
        expect(result.server.peakRssBytes, summary).to.be.below(MEMORY_LIMIT_BYTES);
        STOPPED_BY[attack](result.attack);
        await page();
        expect(marketplace.child.exitCode, marketplace.output()).to.equal(null);
      } finally {
        await marketplace.stop("SIGKILL");
      }
    });
  }
});
