import { connect } from "node:http2";
import { BookCategory, createRecommendationsClient } from "@onlinebooks/recommendations-v2";
import { expect } from "chai";
import { startTestServer } from "../testing/test-server.js";
import type { RecommendationsServer } from "./recommendations-server.js";

describe("maximum connection age", () => {
  let server: RecommendationsServer;
  before(async () => {
    server = await startTestServer({ maxConnectionAgeMs: 300 });
  });
  after(() => server.shutdown());

  it("asks a client to reconnect (GOAWAY) once its connection is older than the limit", async () => {
    const session = connect(`http://${server.address}`);
    try {
      const started = Date.now();
      await new Promise<void>((resolve, reject) => {
        session.once("goaway", () => resolve());
        session.once("error", reject);
        setTimeout(() => reject(new Error("no GOAWAY within 5 s")), 5000).unref();
      });
      expect(Date.now() - started).to.be.at.least(250);
    } finally {
      session.destroy();
    }
  });

  it("never fails a call of a client that keeps calling across reconnections", async () => {
    const client = createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    try {
      const until = Date.now() + 1500;
      let calls = 0;
      while (Date.now() < until) {
        const response = await client.recommend({ userId: "age", categories: [BookCategory.MYSTERY], pageSize: 2 });
        expect(response.recommendations).to.have.length(2);
        calls++;
      }
      expect(calls).to.be.greaterThan(10);
    } finally {
      client.close();
    }
  });
});
