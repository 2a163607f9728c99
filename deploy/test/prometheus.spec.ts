import { expect } from "chai";
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createRecommendationsClient } from "@onlinebooks/recommendations-v1";
import { renderRuleGroups, writeRulesFile } from "./support/prometheus-rules.js";
import { startPrometheus, type PrometheusServer, type Sample } from "./support/prometheus-server.js";
import {
  answersOk,
  startMarketplaceProcess,
  startRecommendationsProcess,
  type ListeningProcess,
  type RecommendationsProcess,
} from "@onlinebooks/testkit";
import { installTools } from "./support/tools.js";

/** Rounds of traffic, 400 ms apart, so that every counter grows across several 1 s scrapes. */
const ROUNDS = 8;
const READERS_PER_ROUND = 8;

/** `{label="value",…} value` lines of samples, sorted, for readable comparisons. */
function lines(samples: readonly Sample[], labels: readonly string[]): string[] {
  return samples.map((sample) => `${labels.map((label) => `${label}=${sample.metric[label] ?? ""}`).join(" ")} ${sample.value}`).sort();
}

describe("a real Prometheus scraping both services: the migration's recorded series and alerts", function () {
  this.timeout(120_000);
  let dir: string;
  let recommendations: RecommendationsProcess;
  let marketplace: ListeningProcess;
  let prometheus: PrometheusServer;

  before(async function () {
    this.timeout(15 * 60_000);
    const tools = await installTools();
    dir = writeRulesFile(await renderRuleGroups(tools.kustomize, "overlays/prod"));
    // v1's sunset has passed, so calls to v1 and the legacy path raise the sunset alert.
    recommendations = await startRecommendationsProcess({ env: { LOG_LEVEL: "warn", V1_DEPRECATION_DATE: "2020-01-01", V1_SUNSET_DATE: "2021-01-01" } });
    marketplace = await startMarketplaceProcess({
      env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}`, RECOMMENDATIONS_API: "shadow", RECOMMENDATIONS_V2_PERCENT: "50", LOG_LEVEL: "warn" },
      ready: (service) => answersOk(`http://127.0.0.1:${service.port}/readyz`),
    });
    prometheus = await startPrometheus({
      prometheus: tools.prometheus,
      dir,
      targets: { recommendations: `127.0.0.1:${recommendations.metricsPort}`, marketplace: `127.0.0.1:${marketplace.port}` },
    });
    // A batch job that never moved: the legacy path, naming itself.
    const batch = createRecommendationsClient(`127.0.0.1:${recommendations.port}`, { serviceName: "Recommendations", clientName: "nightly-batch" });
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (let reader = 1; reader <= READERS_PER_ROUND; reader++) {
          const page = await fetch(`http://127.0.0.1:${marketplace.port}/`, { headers: { cookie: `reader=${reader}` } });
          expect(page.status).to.equal(200);
          await page.arrayBuffer();
        }
        await batch.recommend({ userId: round + 1, maxResults: 3 });
        await sleep(400);
      }
    } finally {
      batch.close();
    }
    // Wait until the rules have seen the traffic in at least two scrapes.
    const deadline = Date.now() + 30_000;
    while ((await prometheus.query("api_caller:recommendations_api_calls:share5m > 0")).length < 3 && Date.now() < deadline) await sleep(500);
  });

  after(async () => {
    await Promise.all([prometheus?.process, marketplace, recommendations].map((p) => p?.stop("SIGKILL")));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("records each API version's share of each caller's calls", async () => {
    const shares = lines(await prometheus.query("api_caller:recommendations_api_calls:share5m"), ["caller", "api"]);
    // The marketplace serves half its readers from each version and shadow-calls the other: v1 and v2 alike.
    expect(shares.map((line) => line.replace(/ [\d.]+$/, ""))).to.deep.equal(["caller=marketplace api=v1", "caller=marketplace api=v2", "caller=nightly-batch api=legacy"]);
    expect(shares).to.include("caller=nightly-batch api=legacy 1");
    const marketplaceShares = (await prometheus.query('api_caller:recommendations_api_calls:share5m{caller="marketplace"}')).map((s) => s.value);
    expect(marketplaceShares.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
    expect(marketplaceShares.every((share) => share > 0.2)).to.equal(true);
  });

  it("records the shadow mismatch ratio: 0, v1 and v2 agree for readers on either version", async () => {
    expect(lines(await prometheus.query("primary:marketplace_shadow_mismatches:ratio_rate5m"), ["primary"])).to.deep.equal(["primary=v1 0", "primary=v2 0"]);
  });

  it("records the error ratio (0) and the p99 handling time of every API version", async () => {
    expect(lines(await prometheus.query("api:grpc_server_errors:ratio_rate5m"), ["api"])).to.deep.equal(["api=legacy 0", "api=v1 0", "api=v2 0"]);
    const p99 = await prometheus.query("api:grpc_server_handling_seconds:p99_rate5m");
    expect(p99.map((sample) => sample.metric["api"]).sort()).to.deep.equal(["legacy", "v1", "v2"]);
    for (const sample of p99) expect(sample.value).to.be.greaterThan(0).and.lessThan(10);
  });

  it("fires the v1-after-sunset alert for each caller still on v1 or the legacy path, and no burn-rate alert", async () => {
    const alerts = await prometheus.alerts();
    const sunset = alerts.filter((alert) => alert.labels["alertname"] === "RecommendationsV1CalledAfterSunset");
    expect(sunset.map((alert) => `${alert.state} ${alert.labels["api"]} ${alert.labels["caller"]}`).sort()).to.deep.equal([
      "firing legacy nightly-batch",
      "firing v1 marketplace",
    ]);
    expect(sunset.find((alert) => alert.labels["caller"] === "nightly-batch")?.annotations["summary"]).to.equal(
      "nightly-batch still calls Recommendations legacy after its sunset",
    );
    expect(alerts.filter((alert) => alert.labels["alertname"]?.startsWith("RecommendationsErrorBudgetBurn"))).to.deep.equal([]);
  });
});
