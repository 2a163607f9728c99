import { expect } from "chai";
import {
  answersOk,
  startMarketplaceProcess,
  startRecommendationsProcess,
  type ListeningProcess,
  type RecommendationsProcess as Backend,
} from "@onlinebooks/testkit";
import { NOTICE } from "./support/notice.js";

const PAGES_PER_PHASE = 30;

/** Calls of recommendations.v2 this process has answered, from its /metrics. */
async function v2CallsServed(backend: Backend): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${backend.metricsPort}/metrics`, { signal: AbortSignal.timeout(2000) });
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("grpc_server_handled_total{") && line.includes('grpc_service="recommendations.v2.RecommendationService"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** Loads the homepage `count` times as new readers; returns one problem line per bad page. */
async function loadHomepage(port: number, count: number): Promise<string[]> {
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
    const html = await response.text();
    const api = response.headers.get("x-recommendations-api");
    if (response.status !== 200) problems.push(`page ${i}: HTTP ${response.status}`);
    else if (html.includes(NOTICE)) problems.push(`page ${i}: degraded (the notice is shown)`);
    else if (api !== "v2") problems.push(`page ${i}: served by ${api}`);
  }
  return problems;
}

describe("loopback topology: three recommendations processes behind one marketplace", function () {
  this.timeout(60_000);
  const backends: Backend[] = [];
  let marketplace: ListeningProcess | undefined;
  let marketplacePort = 0;

  before(async () => {
    for (let i = 0; i < 3; i++) {
      backends.push(await startRecommendationsProcess({ env: { LOG_LEVEL: "warn" } }));
    }
    marketplace = await startMarketplaceProcess({
      env: {
        RECOMMENDATIONS_TARGET: `ipv4:${backends.map((backend) => `127.0.0.1:${backend.port}`).join(",")}`,
        RECOMMENDATIONS_API: "v2",
        LOG_LEVEL: "warn",
      },
      ready: (service) => answersOk(`http://127.0.0.1:${service.port}/readyz`),
    });
    marketplacePort = marketplace.port;
  });

  after(async () => {
    await Promise.all([marketplace, ...backends].map((p) => p?.stop("SIGKILL")));
  });

  it("spreads the homepage's calls over all three processes (round_robin over a multi-address target)", async () => {
    expect(await loadHomepage(marketplacePort, PAGES_PER_PHASE)).to.deep.equal([]);
    const served = await Promise.all(backends.map(v2CallsServed));
    expect(served.every((calls) => calls > 0), `calls served per process: ${served.join(", ")}`).to.equal(true);
  });

  it("serves every page, none degraded, after one process is killed", async () => {
    const [killed, ...survivors] = backends as [Backend, ...Backend[]];
    const before = await Promise.all(survivors.map(v2CallsServed));
    await killed.stop("SIGKILL");
    expect(await loadHomepage(marketplacePort, PAGES_PER_PHASE)).to.deep.equal([]);
    const after = await Promise.all(survivors.map(v2CallsServed));
    expect(after.every((calls, i) => calls > before[i]!), `survivors' calls: ${before.join(", ")} → ${after.join(", ")}`).to.equal(true);
  });
});
