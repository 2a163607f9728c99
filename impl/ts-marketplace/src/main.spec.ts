import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { bookTitles, get, startRecommendations } from "./testing/fixtures.js";

const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

function startMain(env: Record<string, string>): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: "pipe" });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

async function listeningPort(stdout: () => string, child: ChildProcess): Promise<number> {
  for (;;) {
    const match = /marketplace listening on http:\/\/localhost:(\d+)\//.exec(stdout());
    if (match?.[1]) return Number(match[1]);
    if (child.exitCode !== null) throw new Error(`main exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
    const { child, stdout, stderr } = startMain({ RECOMMENDATIONS_API: "v3" });
    const [code] = (await once(child, "exit")) as [number];
    expect(code).to.equal(2);
    expect(stdout()).to.equal("");
    expect(stderr()).to.match(/^marketplace: invalid configuration: RECOMMENDATIONS_API must be one of v1, v2, split, shadow, got "v3"\n$/);
  });

  it("serves pages, fails /readyz while draining on SIGTERM, then exits 0", async () => {
    const { child, stdout } = startMain({
      PORT: "0",
      RECOMMENDATIONS_TARGET: recs.address,
      RECOMMENDATIONS_API: "v2",
      SHUTDOWN_DELAY_MS: "1500",
    });
    try {
      const port = await listeningPort(stdout, child);
      const baseUrl = `http://127.0.0.1:${port}`;
      const home = await get(baseUrl, "/");
      expect(home.status).to.equal(200);
      expect(bookTitles(await home.text())).to.have.length(12);
      expect((await get(baseUrl, "/readyz")).status).to.equal(200);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await once(child.stdout!, "data"); // the "draining" log line
      expect((await get(baseUrl, "/readyz")).status).to.equal(503);
      expect((await get(baseUrl, "/healthz")).status).to.equal(200);
      const [code] = (await exited) as [number];
      expect(code).to.equal(0);
      expect(stdout()).to.contain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
