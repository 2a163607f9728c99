import { createLogSink } from "@onlinebooks/testkit";
import { expect } from "chai";
import { pino } from "pino";
import { get, startMarketplace, type RunningMarketplace } from "../testing/fixtures.js";

/** The `http request` lines of a marketplace whose recommendations service cannot be reached. */
async function accessLines(level: string, logSlowMs: number): Promise<Array<Record<string, unknown>>> {
  const sink = createLogSink();
  let running: RunningMarketplace | undefined;
  try {
    running = await startMarketplace("127.0.0.1:1", { logger: pino({ level }, sink.stream), logSlowMs, timeoutMs: 50 });
    await get(running.baseUrl, "/", { reader: "1" });
    await get(running.baseUrl, "/healthz");
    await get(running.baseUrl, "/no-such-page", { reader: "1" });
  } finally {
    await running?.close();
  }
  return sink.lines.filter((line) => line["msg"] === "http request");
}

describe("the marketplace's access log", () => {
  it("at info, writes 4xx and 5xx responses and slow requests only", async () => {
    const quiet = await accessLines("info", 60_000);
    expect(quiet.map((line) => [line["path"], line["status"], line["level"]])).to.deep.equal([["/no-such-page", 404, 30]]);
    const everythingSlow = await accessLines("info", 0);
    expect(everythingSlow.map((line) => line["path"])).to.deep.equal(["/", "/healthz", "/no-such-page"]);
  });

  it("at debug, writes every request with method, route, status and duration", async () => {
    const lines = await accessLines("debug", 60_000);
    expect(lines.map((line) => [line["method"], line["path"], line["route"], line["status"], line["level"]])).to.deep.equal([
      ["GET", "/", "/", 200, 20],
      ["GET", "/healthz", "/healthz", 200, 20],
      ["GET", "/no-such-page", undefined, 404, 30],
    ]);
    for (const line of lines) expect(line["durationMs"]).to.be.a("number").and.at.least(0);
  });
});
