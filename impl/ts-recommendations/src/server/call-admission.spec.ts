import { expect } from "chai";
import { status as GrpcStatus } from "@grpc/grpc-js";
import * as v2 from "@onlinebooks/recommendations-v2";
import { holdCall, type HeldCall } from "../testing/held-call.js";
import { createHealthClient } from "../testing/ops-clients.js";
import { startTestServer } from "../testing/test-server.js";
import { OVERLOADED } from "./call-admission.js";

describe("concurrency bound: past it the server answers RESOURCE_EXHAUSTED at once", () => {
  it("refuses the calls past the bound that arrive together, keeps answering health checks, and serves again right after", async () => {
    const server = await startTestServer({ maxConcurrentCalls: 4, metricsPort: 0 });
    const client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    const health = createHealthClient(server.address);
    try {
      await client.recommend({ userId: "warm-up" });
      // Sent together, they arrive in one read of the connection: more than 4 in progress at once.
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          client.recommend({ userId: `reader-${n}`, pageSize: 100 }).then(
            () => "OK",
            (error: v2.GrpcError) => `${GrpcStatus[error.code]}: ${error.details} (${error.errorInfo?.domain} ${error.reason})`,
          ),
        ),
      );
      const refused = outcomes.filter((outcome) => outcome !== "OK");
      expect(refused.length, outcomes.join("\n")).to.be.above(0);
      // Programs read why: the ErrorInfo says OVERLOADED (not a message over the size limit).
      expect(new Set(refused)).to.deep.equal(new Set([`RESOURCE_EXHAUSTED: ${OVERLOADED.details} (${v2.ERROR_DOMAIN} ${v2.ErrorReason.OVERLOADED})`]));
      expect(outcomes.filter((outcome) => outcome === "OK").length, "the bound's worth are served").to.be.at.least(4);
      expect(await health.check(""), "health is never refused").to.equal("SERVING");
      expect((await client.recommend({ userId: "after" })).recommendations, "serves again at once").to.have.length(10);
      const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      expect(Number(/^grpc_server_refused_total (\d+)/m.exec(metrics)?.[1])).to.equal(refused.length);
    } finally {
      health.close();
      client.close();
      server.forceShutdown();
    }
  });

  it("does not count calls whose request never completes, so they cannot fill the bound", async () => {
    const server = await startTestServer({ maxConcurrentCalls: 2 });
    const held: HeldCall[] = [];
    const client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    try {
      // One at a time: each is opened, and seen by the server, before the next.
      for (let n = 0; n < 5; n += 1) {
        held.push(holdCall(server.address, { userId: `slow-upload-${n}` }));
        await held[n]?.opened;
      }
      expect((await client.recommend({ userId: "reader" })).recommendations).to.have.length(10);
    } finally {
      client.close();
      held.forEach((call) => call.close());
      server.forceShutdown();
    }
  });
});
