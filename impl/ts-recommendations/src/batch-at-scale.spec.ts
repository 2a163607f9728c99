import { setTimeout as sleep } from "node:timers/promises";
import { equals, type MessageInitShape } from "@bufbuild/protobuf";
import * as v2 from "@onlinebooks/recommendations-v2";
import { AS_IN_ITS_CONTAINER, startRecommendationsProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { expect } from "chai";

const USERS = 100_000;
const MIB = 1024 * 1024;

/** What reader `reader` asks for: ten mystery books (the unary benchmark's request). */
function readerRequest(reader: number): MessageInitShape<typeof v2.RecommendRequestSchema> {
  return { userId: String(reader), categories: [v2.BookCategory.MYSTERY], pageSize: 10 };
}

/** One request per reader 1…`count`; `progress.sent` counts what the stream has taken. */
function readers(progress: { sent: number }, count: number): AsyncGenerator<MessageInitShape<typeof v2.BatchRecommendRequestSchema>> {
  return (async function* () {
    for (let reader = 1; reader <= count; reader += 1) {
      progress.sent = reader;
      yield { requestId: String(reader), request: readerRequest(reader) };
    }
  })();
}

/** Samples the process's RSS every 50 ms while `run` runs; resolves with `run`'s result and the peak. */
async function withPeakRss<T>(service: ServiceProcess, run: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = service.rssBytes();
  const timer = setInterval(() => (peakBytes = Math.max(peakBytes, service.rssBytes())), 50);
  try {
    return { result: await run(), peakBytes };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Starts main.js with the heap of its container and warms it up — 1,000 unary calls, then a batch of 20,000 readers
 * read as fast as they come, which also tells the server's pace — and returns it at rest
 * with a client, its RSS and the milliseconds per answer of that batch.
 */
async function startWarmService(): Promise<{ service: ServiceProcess; client: v2.RecommendationsClient; idleBytes: number; msPerItem: number }> {
  const service = await startRecommendationsProcess({ port: 0, metricsPort: 0, nodeOptions: AS_IN_ITS_CONTAINER, env: { LOG_LEVEL: "info" }, ready: "log", wait: { timeoutMs: 10_000 } });
  const client = v2.createRecommendationsClient(`127.0.0.1:${service.port}`, { defaultTimeoutMs: 120_000 });
  for (let i = 0; i < 1000; i += 1) await client.recommend({ userId: `warm-${i}`, categories: [v2.BookCategory.MYSTERY] });
  const warmUp = 20_000;
  const started = performance.now();
  let answered = 0;
  for await (const _ of client.batchRecommend(readers({ sent: 0 }, warmUp))) answered += 1;
  const msPerItem = (performance.now() - started) / warmUp;
  expect(answered).to.equal(warmUp);
  await sleep(500);
  return { service, client, idleBytes: service.rssBytes(), msPerItem };
}

describe("BatchRecommend at scale (main.js, 100,000 readers on one stream)", function () {
  this.timeout(180_000);

  it("answers 100,000 readers in order, a sample as unary Recommend does, and with a consumer ten times slower than the server its RSS stays within 64 MiB of idle", async () => {
    const { service, client, idleBytes, msPerItem } = await startWarmService();
    try {
      const progress = { sent: 0 };
      // The first tenth is read ten times slower than the server answered the warm-up, in
      // pauses every 100 answers; the rest as fast as it comes.
      const slowItems = USERS / 10;
      const pauseEvery = 100;
      const pauseMs = Math.max(1, 10 * msPerItem * pauseEvery);
      const sample = new Map<string, v2.RecommendResponse>();
      let read = 0;
      let aheadAtSlowEnd = 0;
      const { peakBytes } = await withPeakRss(service, async () => {
        for await (const { requestId, result } of client.batchRecommend(readers(progress, USERS))) {
          read += 1;
          expect(requestId).to.equal(String(read));
          expect(result.case).to.equal("response");
          if (read % 997 === 0 && result.case === "response") sample.set(requestId, result.value);
          if (read <= slowItems && read % pauseEvery === 0) await sleep(pauseMs);
          if (read === slowItems) aheadAtSlowEnd = progress.sent - read;
        }
      });
      expect(read).to.equal(USERS);
      expect(sample.size).to.equal(100);
      for (const [reader, batched] of sample) {
        const unary = await client.recommend(readerRequest(Number(reader)));
        expect(equals(v2.RecommendResponseSchema, batched, unary), `reader ${reader}`).to.equal(true);
      }
      const grownMiB = (peakBytes - idleBytes) / MIB;
      expect(grownMiB, `idle ${(idleBytes / MIB).toFixed(1)} MiB, peak ${(peakBytes / MIB).toFixed(1)} MiB`).to.be.lessThan(64);
      // The client was held back too: it had not sent far ahead of the answers it had read.
      expect(aheadAtSlowEnd, `${aheadAtSlowEnd} requests ahead of the answers read`).to.be.lessThan(USERS / 10);
    } finally {
      client.close();
      await service.stop();
    }
  });
});
