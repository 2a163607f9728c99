import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { expect } from "chai";
import { RecommendResponseSchema } from "@onlinebooks/recommendations-v2";
import { get, startMarketplace, type RunningMarketplace } from "./testing/fixtures.js";
import { startStandIn, type StandIn } from "./testing/stand-in-server.js";

/** Answers after `ms` unless the call is cancelled first. */
const answersAfter = (ms: number) => async (_request: unknown, context: { signal: AbortSignal }) => {
  await sleep(ms, undefined, { signal: context.signal }).catch(() => undefined);
  return create(RecommendResponseSchema, {});
};

async function shedCount(running: RunningMarketplace, reason: string): Promise<number> {
  const metric = await running.marketplace.metrics.requestsShed.get();
  return metric.values.find((value) => value.labels["reason"] === reason)?.value ?? 0;
}

/** Keeps this process's event loop busy — 40 ms of work every 50 ms — until stopped. */
function keepLoopBusy(): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + 40;
    while (performance.now() < until);
  }, 50);
  return () => clearInterval(timer);
}

describe("load shedding: past its bounds the marketplace answers 503 at once", () => {
  let slow: StandIn;
  const open: RunningMarketplace[] = [];

  before(async () => {
    slow = await startStandIn({ v2: { recommend: answersAfter(300), listCategories: async () => ({}), batchRecommend: async function* () {} } });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((running) => running.close()));
  });
  after(() => slow.close());

  it("refuses requests past the in-progress bound with 503, Retry-After and a page for people; probes still answer; then serves again", async () => {
    const running = await startMarketplace(slow.address, { api: "v2", shedLoad: true, loadShedding: { maxInFlight: 2, maxEventLoopDelayMs: 60_000, retryAfterSeconds: 3 } });
    open.push(running);
    const pages = Array.from({ length: 6 }, (_, n) => get(running.baseUrl, "/", { reader: String(n + 1) }));
    await sleep(50); // all six are in progress or refused by now
    const [ready, healthy, metrics] = await Promise.all([get(running.baseUrl, "/readyz"), get(running.baseUrl, "/healthz"), get(running.baseUrl, "/metrics")]);
    const responses = await Promise.all(pages);
    const refused = responses.filter((response) => response.status === 503);
    expect(responses.filter((response) => response.status === 200), "the two in progress are served").to.have.length(2);
    expect(refused, "the others are refused").to.have.length(4);
    for (const response of refused) {
      expect(response.headers.get("retry-after")).to.equal("3");
      expect(response.headers.get("cache-control")).to.equal("no-store");
      expect(response.headers.get("content-security-policy"), "security headers too").to.contain("default-src 'none'");
      const html = await response.text();
      expect(html).to.contain("<h1>We are very busy right now</h1>");
      expect(html).to.contain("Please try again in 3 seconds.");
    }
    expect([ready.status, healthy.status, metrics.status], "probes and /metrics are never shed").to.deep.equal([200, 200, 200]);
    expect(await shedCount(running, "in_flight")).to.equal(4);
    expect((await get(running.baseUrl, "/", { reader: "9" })).status, "serves again once the load is gone").to.equal(200);
  });

  it("refuses requests while the event loop lags past its bound, and serves again once it catches up", async () => {
    const running = await startMarketplace(slow.address, { api: "v2", shedLoad: true, loadShedding: { maxInFlight: 1000, maxEventLoopDelayMs: 20, retryAfterSeconds: 2 } });
    open.push(running);
    const stop = keepLoopBusy();
    let status = 0;
    try {
      // The monitor reports the lag of the last half second: wait until it shows.
      for (let attempt = 0; attempt < 40 && status !== 503; attempt += 1) {
        status = (await get(running.baseUrl, "/", { reader: "1" })).status;
      }
    } finally {
      stop();
    }
    expect(status).to.equal(503);
    expect(await shedCount(running, "event_loop_delay")).to.be.above(0);
    for (let attempt = 0; attempt < 40 && status !== 200; attempt += 1) {
      await sleep(100);
      status = (await get(running.baseUrl, "/", { reader: "1" })).status;
    }
    expect(status, "serves again once the loop has caught up").to.equal(200);
  });
});
