import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMarketplaceProcess, startServiceProcess, type ListeningProcess, type ServiceProcess } from "@onlinebooks/testkit";
import { expect } from "chai";
import { goBuild } from "./go-build.js";
import { GO_SERVER_MODULE } from "./paths.js";

/** A title as it may appear in the escaped HTML. */
function htmlForms(title: string): string[] {
  const escaped = title.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  return [title, escaped, escaped.replaceAll("'", "&#39;")];
}

/** Waits for the first log line of `service` that carries its bound `port` (the Go server logs one when listening). */
async function listeningPort(service: ServiceProcess): Promise<number> {
  const portOf = (): number | undefined => service.logLines().map((line) => line["port"]).find((port): port is number => typeof port === "number" && port > 0);
  await service.waitUntil(() => portOf() !== undefined);
  return portOf() as number;
}

describe("the other direction: the TS marketplace renders its homepage from the Go v2 server", function () {
  this.timeout(120_000);
  let work: string;
  let recommendations: ServiceProcess | undefined;
  let marketplace: ListeningProcess | undefined;
  let marketplacePort: number;
  const goTitles = (JSON.parse(readFileSync(join(GO_SERVER_MODULE, "catalog.json"), "utf8")) as Array<{ title: string }>).map((book) => book.title);

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "go-recommendations-"));
    const server = goBuild(GO_SERVER_MODULE, work, "go-recommendations");
    recommendations = startServiceProcess({ command: server, env: { GRPC_HOST: "127.0.0.1", GRPC_PORT: "0" }, inheritEnv: ["PATH"] });
    const recommendationsPort = await listeningPort(recommendations);
    // The marketplace exactly as deployed: its main, configured only by environment variables.
    marketplace = await startMarketplaceProcess({
      port: 0,
      ready: "log",
      env: {
        RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendationsPort}`,
        RECOMMENDATIONS_API: "v2",
        RECOMMENDATIONS_TIMEOUT_MS: "5000",
        LOG_LEVEL: "info",
      },
    });
    marketplacePort = marketplace.port;
  });

  after(async () => {
    await marketplace?.stop();
    await recommendations?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("serves the homepage over v2 with books from the Go server (the TS server is not running)", async () => {
    const response = await fetch(`http://127.0.0.1:${marketplacePort}/`);
    const html = await response.text();
    expect(response.status).to.equal(200);
    expect(response.headers.get("x-recommendations-api")).to.equal("v2");
    expect(html).to.contain("<title>Online Books For You");
    const shown = goTitles.filter((title) => htmlForms(title).some((form) => html.includes(form)));
    // The homepage has a shelf per v1 category; the Go catalog has four books in each.
    expect(shown.length, `Go catalog titles on the page; marketplace log:\n${marketplace!.output()}`).to.be.at.least(3);
  });
});
