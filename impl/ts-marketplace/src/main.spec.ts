import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { bookTitles, get, startRecommendations } from "./testing/fixtures.js";

const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

/** The collected lines as the text they came from (every line ends in a newline). */
const text = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join("");

function startMain(env: Record<string, string>): { service: ServiceProcess; stdout: () => string; stderr: () => string } {
  const service = startServiceProcess({ main: MAIN, env, inheritEnv: ["PATH"] });
  return { service, stdout: () => text(service.stdout), stderr: () => text(service.stderr) };
}

async function listeningPort(service: ServiceProcess): Promise<number> {
  let port = 0;
  await service.waitUntil(() => {
    port = Number(/marketplace listening on http:\/\/localhost:(\d+)\//.exec(service.output())?.[1] ?? 0);
    return port > 0;
  });
  return port;
}

describe("main.js (the marketplace process)", () => {
  let recs: RecommendationsServer;
  before(async () => {
    recs = await startRecommendations();
  });
  after(async () => {
    await recs.shutdown();
  });

  it("refuses a bad variable with one line naming it, and exit code 2", async () => {
    const { service, stdout, stderr } = startMain({ RECOMMENDATIONS_API: "v3" });
    const code = await service.exited;
    expect(code).to.equal(2);
    expect(stdout()).to.equal("");
    expect(stderr()).to.match(/^marketplace: invalid configuration: RECOMMENDATIONS_API must be one of v1, v2, split, shadow, got "v3"\n$/);
  });

  it("serves pages, fails /readyz while draining on SIGTERM, then exits 0", async () => {
    const { service, stdout } = startMain({
      PORT: "0",
      RECOMMENDATIONS_TARGET: recs.address,
      RECOMMENDATIONS_API: "v2",
      SHUTDOWN_DELAY_MS: "1500",
    });
    try {
      const port = await listeningPort(service);
      const baseUrl = `http://127.0.0.1:${port}`;
      const home = await get(baseUrl, "/");
      expect(home.status).to.equal(200);
      expect(bookTitles(await home.text())).to.have.length(12);
      expect((await get(baseUrl, "/readyz")).status).to.equal(200);

      const stopped = service.stop("SIGTERM");
      await service.waitForLog("draining");
      expect((await get(baseUrl, "/readyz")).status).to.equal(503);
      expect((await get(baseUrl, "/healthz")).status).to.equal(200);
      const { code } = await stopped;
      expect(code).to.equal(0);
      expect(stdout()).to.contain('"msg":"stopped"');
    } finally {
      await service.stop("SIGKILL");
    }
  });
});
