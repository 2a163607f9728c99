import { createRecommendationsClient } from "@onlinebooks/recommendations-v2";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import { pino } from "pino";
import { runNewsletterJob } from "./newsletter-job.js";
import { openUserIds } from "./user-ids.js";

const start = (port = 0): Promise<RecommendationsServer> => startRecommendationsServer({ host: "127.0.0.1", port, logger: pino({ level: "silent" }) });

describe("runNewsletterJob", function () {
  this.timeout(60_000);

  it("carries on where it stopped when the server shuts down mid-stream: every reader once, in order", async () => {
    let server = await start();
    const port = server.port;
    const client = createRecommendationsClient(server.address);
    const users = await openUserIds({ kind: "range", from: 1, to: 5000 });
    const lines: string[] = [];
    let restarted: Promise<void> | undefined;
    try {
      const result = await runNewsletterJob({
        client,
        userIds: users.ids(),
        categories: [],
        books: 2,
        retryDelayMs: 50,
        writeLine: async (line) => {
          lines.push(line);
          // A rolling restart after 1000 readers: the stream ends UNAVAILABLE, a new server takes the port.
          if (lines.length === 1000) {
            const stopping = server;
            restarted = stopping.shutdown().then(async () => void (server = await start(port)));
          }
        },
      });
      expect(restarted).to.not.equal(undefined);
      expect(result).to.deep.equal({ recommended: 5000, failed: 0 });
      const ids = lines.map((line) => (JSON.parse(line) as { userId: string }).userId);
      expect(ids).to.deep.equal(Array.from({ length: 5000 }, (_, i) => String(i + 1)));
    } finally {
      client.close();
      await restarted;
      server.forceShutdown();
    }
  });
});
