import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { startRecommendationsProcess, type RecommendationsProcess } from "@onlinebooks/testkit";
import { NOTICE, bookTitles, get, startMarketplace, type RunningMarketplace } from "./testing/fixtures.js";

interface PageLoad {
  /** Status codes seen, with counts. */
  readonly statuses: Map<number, number>;
  /** Pages with books / with the notice. */
  readonly withBooks: () => number;
  readonly degraded: () => number;
  /** Pages with books since `mark()` was last called. */
  readonly booksSinceMark: () => number;
  mark(): void;
  stop(): Promise<void>;
}

/** Keeps `concurrency` readers requesting `/` until stopped. */
function loadPages(baseUrl: string, concurrency: number): PageLoad {
  const statuses = new Map<number, number>();
  let withBooks = 0;
  let degraded = 0;
  let sinceMark = 0;
  let running = true;
  const reader = async (id: number): Promise<void> => {
    while (running) {
      const response = await get(baseUrl, "/", { reader: String(id) });
      const html = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (bookTitles(html).length > 0) {
        withBooks += 1;
        sinceMark += 1;
      } else if (html.includes(NOTICE)) {
        degraded += 1;
      }
    }
  };
  const readers = Array.from({ length: concurrency }, (_, index) => reader(index + 1));
  return {
    statuses,
    withBooks: () => withBooks,
    degraded: () => degraded,
    booksSinceMark: () => sinceMark,
    mark: () => void (sinceMark = 0),
    async stop() {
      running = false;
      await Promise.all(readers);
    },
  };
}

async function until(condition: () => boolean, boundMs: number): Promise<boolean> {
  for (const end = Date.now() + boundMs; Date.now() < end; await sleep(25)) if (condition()) return true;
  return condition();
}

describe("marketplace while recommendations crashes (SIGKILL) and restarts", () => {
  let recommendations: RecommendationsProcess | undefined;
  let running: RunningMarketplace | undefined;
  after(async () => {
    await running?.close();
    recommendations?.child.kill("SIGKILL");
  });

  it("never answers 5xx under load, degrades with a notice, and shows books again by itself", async () => {
    recommendations = await startRecommendationsProcess({ env: { LOG_LEVEL: "warn" } });
    const port = recommendations.port;
    running = await startMarketplace(`127.0.0.1:${port}`, { api: "split", v2Percent: 50 });
    const load = loadPages(running.baseUrl, 12);
    try {
      expect(await until(() => load.withBooks() >= 30, 20_000), "books while the service is up").to.equal(true);

      recommendations.child.kill("SIGKILL");
      await recommendations.exited;
      const degradedBefore = load.degraded();
      expect(await until(() => load.degraded() >= degradedBefore + 30, 20_000), "pages with the notice while it is down").to.equal(true);

      recommendations = await startRecommendationsProcess({ port, env: { LOG_LEVEL: "warn" } });
      load.mark();
      expect(await until(() => load.booksSinceMark() >= 30, 20_000), "books again after the restart, without any action").to.equal(true);
    } finally {
      await load.stop();
    }
    expect([...load.statuses.keys()], "every page answered 200").to.deep.equal([200]);
    const page = await (await get(running.baseUrl, "/", { reader: "7" })).text();
    expect(bookTitles(page)).to.have.length(12);
  });
});
