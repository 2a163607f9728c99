import { expect } from "chai";
import { status as GrpcStatus } from "@grpc/grpc-js";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { startRecommendationsProcess } from "@onlinebooks/testkit";
import { holdCall } from "./testing/held-call.js";
import { createHealthClient } from "./testing/ops-clients.js";

const CHANNELS = 8;
const LOOPS_PER_CHANNEL = 8;
const CALLS_BEFORE_SIGTERM = 1500;

describe("drain under load (main.js, SIGTERM while 64 calls are in flight)", () => {
  it("completes every call it started, refuses the rest with UNAVAILABLE, reports NOT_SERVING first and exits 0", async () => {
    const service = await startRecommendationsProcess({ port: 0, metricsPort: 0, env: { LOG_LEVEL: "debug" }, ready: "log", wait: { timeoutMs: 10_000 } });
    const timeline: string[] = [];
    const codes = new Map<number, number>();
    let okBeforeSignal = 0;
    let signalled = false;
    try {
      const { port } = service;
      const address = `127.0.0.1:${port}`;
      const health = createHealthClient(address);
      const watch = health.watch("");
      const held = holdCall(address, { userId: "held", categories: [v2.BookCategory.HISTORY], pageSize: 3 });
      await held.opened;
      const clients = Array.from({ length: CHANNELS }, (_, index) =>
        index % 2 === 0 ? v1.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 }) : v2.createRecommendationsClient(address, { defaultTimeoutMs: 10_000 }),
      );
      let sigterm!: () => void;
      const signalSent = new Promise<void>((resolve) => (sigterm = resolve));
      const call = (client: (typeof clients)[number], n: number): Promise<unknown> =>
        "listCategories" in client
          ? client.recommend({ userId: `r${n}`, categories: [v2.BookCategory.MYSTERY], pageSize: 5 })
          : client.recommend({ userId: n, category: v1.BookCategory.SCIENCE_FICTION, maxResults: 5 });
      const loop = async (client: (typeof clients)[number], seed: number): Promise<void> => {
        for (let n = seed; ; n += 1) {
          const code = await call(client, n).then(
            () => GrpcStatus.OK,
            (error: v2.GrpcError) => error.code,
          );
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!signalled && code === GrpcStatus.OK && ++okBeforeSignal === CALLS_BEFORE_SIGTERM) sigterm();
          if (code === GrpcStatus.UNAVAILABLE && !timeline.includes("first UNAVAILABLE")) timeline.push("first UNAVAILABLE");
          if (signalled && code !== GrpcStatus.OK) return;
          if (!signalled && code !== GrpcStatus.OK) throw new Error(`call failed with ${code} before SIGTERM`);
        }
      };
      const loops = clients.flatMap((client, c) => Array.from({ length: LOOPS_PER_CHANNEL }, (_, l) => loop(client, (c * LOOPS_PER_CHANNEL + l) * 100_000)));

      await signalSent;
      signalled = true;
      const exitedAfter = service.stop("SIGTERM");
      void watch.ended.then(() => timeline.push("watch ended"));
      await Promise.all(loops);
      for (let wait = 0; wait < 100 && !watch.statuses.includes("NOT_SERVING"); wait += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      if (watch.statuses.includes("NOT_SERVING")) timeline.push("NOT_SERVING");
      const inFlight = await held.release();
      timeline.push("held call completed");
      const exit = await exitedAfter;
      held.close();
      health.close();
      clients.forEach((client) => client.close());

      expect(exit.code, "exit code").to.equal(0);
      expect(exit.ms, "exited within the 30 s grace period").to.be.below(30_000);
      expect(inFlight.recommendations, "the call in flight at SIGTERM completed").to.have.length(3);
      expect(watch.statuses).to.deep.equal(["SERVING", "NOT_SERVING"]);
      expect(timeline.indexOf("NOT_SERVING"), timeline.join(" → ")).to.be.below(timeline.indexOf("held call completed"));
      expect([...codes.keys()].sort(), "only OK and UNAVAILABLE").to.deep.equal([GrpcStatus.OK, GrpcStatus.UNAVAILABLE]);

      // Every call the server started, it finished with OK: the calls the clients saw
      // refused were never started, so they are safe to retry elsewhere.
      const served = service.logLines().filter((line) => line["msg"] === "grpc call" && String(line["method"]).endsWith("/Recommend"));
      expect(served.filter((line) => line["code"] !== "OK"), "calls the server ended other than OK").to.deep.equal([]);
      const okSeenByClients = (codes.get(GrpcStatus.OK) ?? 0) + 2; // plus the held call and its probe
      expect(served.length, "calls served = OK answers received").to.equal(okSeenByClients);
      const messages = service.logLines().map((line) => line["msg"]);
      expect(messages.indexOf("draining")).to.be.above(-1);
      expect(messages.at(-1)).to.equal("stopped");
    } finally {
      service.child.kill("SIGKILL");
    }
  });
});
