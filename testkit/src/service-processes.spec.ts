import { expect } from "chai";
import { acceptsConnections, answersOk } from "./ports.js";
import type { ListeningProcess } from "./listening-process.js";
import { startMarketplaceProcess, startRecommendationsProcess } from "./service-processes.js";

describe("the service starters (the services' main.js, found by package name)", function () {
  this.timeout(30_000);
  const started: ListeningProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.stop("SIGKILL")));
  });

  it("start Recommendations and the marketplace on free ports and resolve once their ports accept connections", async () => {
    const recommendations = await startRecommendationsProcess({ env: { LOG_LEVEL: "warn" } });
    started.push(recommendations);
    expect(await acceptsConnections(recommendations.port)).to.equal(true);
    expect(await answersOk(`http://127.0.0.1:${recommendations.metricsPort}/metrics`)).to.equal(true);
    const marketplace = await startMarketplaceProcess({ env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}`, LOG_LEVEL: "warn" } });
    started.push(marketplace);
    expect(await answersOk(`http://127.0.0.1:${marketplace.port}/healthz`)).to.equal(true);
  });

  it('take the ports from the "listening" log line when started on port 0', async () => {
    const recommendations = await startRecommendationsProcess({ port: 0, metricsPort: 0, ready: "log" });
    started.push(recommendations);
    expect(recommendations.port).to.be.above(0);
    expect(recommendations.metricsPort).to.be.above(0).and.not.equal(recommendations.port);
    expect(await answersOk(`http://127.0.0.1:${recommendations.metricsPort}/metrics`)).to.equal(true);
    const marketplace = await startMarketplaceProcess({ port: 0, ready: "log", env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}` } });
    started.push(marketplace);
    expect(await answersOk(`http://127.0.0.1:${marketplace.port}/readyz`)).to.equal(true);
  });

  it('with ready "none" return at once, for a start-up that is meant to fail; a custom check is awaited', async () => {
    const failing = await startRecommendationsProcess({ ready: "none", env: { METRICS_PORT: "70000" } });
    expect(await failing.exited).to.equal(1);
    expect(failing.stderr.join("\n")).to.include("METRICS_PORT");
    let checks = 0;
    const checked = await startMarketplaceProcess({ ready: async (service) => ++checks > 1 && (await answersOk(`http://127.0.0.1:${service.port}/readyz`)) });
    started.push(checked);
    expect(checks).to.be.above(1);
  });
});
