import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "chai";
import { RecommendationResponseSchema } from "@onlinebooks/recommendations-v1";
import { create } from "@bufbuild/protobuf";
import { NOTICE, bookTitles, get, startMarketplace, startRecommendations, type RunningMarketplace } from "./testing/fixtures.js";
import { startStandIn, type StandIn } from "./testing/stand-in-server.js";

/** Requests `/` until it shows books, for at most `boundMs`; returns the last page. */
async function untilBooks(baseUrl: string, boundMs: number): Promise<string> {
  const until = Date.now() + boundMs;
  for (;;) {
    const html = await (await get(baseUrl, "/", { reader: "12" })).text();
    if (bookTitles(html).length > 0 || Date.now() > until) return html;
    await sleep(100);
  }
}

describe("marketplace when recommendations are down, slow or old", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends { close(): Promise<void> | void }>(thing: T): T => {
    cleanups.push(() => thing.close());
    return thing;
  };

  for (const api of ["v1", "v2"] as const) {
    it(`on ${api}: renders 200 with a notice within 1 s when the service stops, and books again once it is back`, async () => {
      let recs = await startRecommendations();
      const port = recs.port;
      cleanups.push(() => recs.shutdown());
      const running: RunningMarketplace = track(await startMarketplace(recs.address, { api }));

      const before = await (await get(running.baseUrl, "/", { reader: "12" })).text();
      expect(bookTitles(before)).to.have.length(12);

      await recs.shutdown();
      for (let i = 0; i < 3; i += 1) {
        const started = Date.now();
        const response = await get(running.baseUrl, "/", { reader: "12" });
        const html = await response.text();
        expect(Date.now() - started, "answered within 1 s").to.be.below(1000);
        expect(response.status).to.equal(200);
        expect(response.headers.get("x-recommendations-api")).to.equal(api);
        expect(html).to.contain(NOTICE);
        expect(bookTitles(html)).to.have.length(0);
      }

      recs = await startRecommendations({ port });
      const after = await untilBooks(running.baseUrl, 10_000);
      expect(bookTitles(after)).to.deep.equal(bookTitles(before));
      expect(after).not.to.contain(NOTICE);
    });
  }

  it("renders the notice within 1 s when the service is too slow", async () => {
    const slow = new AbortController();
    cleanups.push(() => slow.abort());
    const standIn: StandIn = track(
      await startStandIn({
        v1: {
          recommend: async () => {
            await sleep(5_000, undefined, { signal: slow.signal }).catch(() => undefined);
            return create(RecommendationResponseSchema, {});
          },
        },
      }),
    );
    const running = track(await startMarketplace(standIn.address, { api: "v1" }));
    const started = Date.now();
    const response = await get(running.baseUrl, "/");
    expect(Date.now() - started, "answered within 1 s").to.be.below(1000);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.contain(NOTICE);
  });

  it("falls back to v1 when the server does not implement v2 yet", async () => {
    const standIn = track(
      await startStandIn({
        v1: {
          recommend: async (request) =>
            create(RecommendationResponseSchema, {
              recommendations: [{ id: 100 + request.category, title: `Old server book ${request.category}` }],
            }),
        },
      }),
    );
    const running = track(await startMarketplace(standIn.address, { api: "v2" }));
    const response = await get(running.baseUrl, "/");
    expect(response.status).to.equal(200);
    expect(response.headers.get("x-recommendations-api")).to.equal("v1");
    expect(bookTitles(await response.text())).to.deep.equal(["Old server book 0", "Old server book 1", "Old server book 2"]);
    const metrics = await (await get(running.baseUrl, "/metrics")).text();
    expect(metrics).to.contain("marketplace_recommendations_fallbacks_total 1");
    expect(metrics).to.contain(
      'grpc_client_handled_total{grpc_service="recommendations.v2.RecommendationService",grpc_method="Recommend",grpc_code="UNIMPLEMENTED"} 1',
    );
  });

  it("stays ready while recommendations are down", async () => {
    const recs = await startRecommendations();
    const running = track(await startMarketplace(recs.address));
    await recs.shutdown();
    expect((await get(running.baseUrl, "/")).status).to.equal(200);
    expect((await get(running.baseUrl, "/readyz")).status).to.equal(200);
  });
});
