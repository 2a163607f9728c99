import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { RecommendationResponseSchema } from "@onlinebooks/recommendations-v1";
import { RecommendResponseSchema } from "@onlinebooks/recommendations-v2";
import type { HandlerContext } from "@onlinebooks/grpc-es";
import { NOTICE, get, startMarketplace, type RunningMarketplace } from "./testing/fixtures.js";
import { startStandIn, type StandIn } from "./testing/stand-in-server.js";

const DEADLINE_MS = 300;
/** The "small margin": page rendering, the HTTP round trip, a busy test machine. */
const MARGIN_MS = 700;

/** Waits far longer than any deadline, or until the caller gives up. */
const tooSlow = async (_request: unknown, context: HandlerContext): Promise<void> => {
  await sleep(10_000, undefined, { signal: context.signal }).catch(() => undefined);
};

describe("marketplace with recommendations slower than its deadline", () => {
  let standIn: StandIn;
  let oldServer: StandIn;
  const marketplaces: RunningMarketplace[] = [];

  before(async () => {
    standIn = await startStandIn({
      v1: { recommend: async (request, context) => (await tooSlow(request, context), create(RecommendationResponseSchema, {})) },
      v2: { recommend: async (request, context) => (await tooSlow(request, context), create(RecommendResponseSchema, {})), listCategories: async () => ({}), batchRecommend: async function* () {} },
    });
    oldServer = await startStandIn({ v1: { recommend: async (request, context) => (await tooSlow(request, context), create(RecommendationResponseSchema, {})) } });
  });
  after(async () => {
    for (const running of marketplaces) await running.close();
    standIn.close();
    oldServer.close();
  });

  for (const [name, api, target] of [
    ["v1", "v1", () => standIn.address],
    ["v2", "v2", () => standIn.address],
    ["split", "split", () => standIn.address],
    ["v2 falling back to a slow v1", "v2", () => oldServer.address],
  ] as const) {
    it(`${name}: 20 concurrent readers each get 200 with the notice within the ${DEADLINE_MS} ms deadline plus a small margin`, async () => {
      const running = await startMarketplace(target(), { api, v2Percent: 50, timeoutMs: DEADLINE_MS });
      marketplaces.push(running);
      const pages = await Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const started = Date.now();
          const response = await get(running.baseUrl, index % 2 ? "/" : "/categories/mystery", { reader: String(index + 1) });
          const html = await response.text();
          return { status: response.status, ms: Date.now() - started, notice: html.includes(NOTICE) };
        }),
      );
      for (const page of pages) {
        expect(page.status).to.equal(200);
        expect(page.notice).to.equal(true);
        expect(page.ms, "answered within deadline + margin").to.be.below(DEADLINE_MS + MARGIN_MS);
      }
    });
  }
});
