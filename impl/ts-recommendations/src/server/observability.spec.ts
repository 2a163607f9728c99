import { expect } from "chai";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { createLogSink } from "@onlinebooks/testkit";
import { pino } from "pino";
import { createLegacyClient } from "../testing/legacy-client.js";
import { startTestServer } from "../testing/test-server.js";
import type { RecommendationsServer } from "./recommendations-server.js";

describe("call logs and metrics", () => {
  const { stream, lines } = createLogSink();
  let server: RecommendationsServer;

  before(async () => {
    server = await startTestServer({ metricsPort: 0, logger: pino({ level: "debug" }, stream) });
    const legacy = createLegacyClient(server.address);
    const clientV1 = v1.createRecommendationsClient(server.address);
    const clientV2 = v2.createRecommendationsClient(server.address);
    try {
      await legacy.recommend({ user_id: 1, category: "MYSTERY", max_results: 3 });
      await legacy.recommend({ user_id: 2, category: "MYSTERY", max_results: 3 });
      await clientV1.recommend({ userId: 1, maxResults: 2 });
      await clientV2.recommend({ userId: "" }).catch(() => undefined);
      await clientV2.listCategories({});
    } finally {
      legacy.close();
      clientV1.close();
      clientV2.close();
    }
  });

  after(() => server.forceShutdown());

  it("at debug, logs one JSON line per call with method, API version, code, duration and peer", () => {
    const calls = lines.filter((line) => line["msg"] === "grpc call");
    expect(calls.map((line) => [line["method"], line["api"], line["code"]])).to.deep.equal([
      ["/Recommendations/Recommend", "legacy", "OK"],
      ["/Recommendations/Recommend", "legacy", "OK"],
      ["/recommendations.v1.Recommendations/Recommend", "v1", "OK"],
      ["/recommendations.v2.RecommendationService/Recommend", "v2", "INVALID_ARGUMENT"],
      ["/recommendations.v2.RecommendationService/ListCategories", "v2", "OK"],
    ]);
    for (const line of calls) {
      expect(line["durationMs"]).to.be.a("number").and.at.least(0);
      expect(line["peer"]).to.match(/^127\.0\.0\.1:\d+$/);
    }
    expect(calls[3]?.["details"]).to.match(/^invalid request: user_id: /);
  });

  it("at info, logs failed and slow calls only; the metrics still count every call", async () => {
    const sink = createLogSink();
    const quiet = await startTestServer({ metricsPort: 0, logger: pino({ level: "info" }, sink.stream), logSlowMs: 0 });
    const slowNever = await startTestServer({ metricsPort: 0, logger: pino({ level: "info" }, sink.stream), logSlowMs: 60_000 });
    const clients = [quiet, slowNever].map((running) => v2.createRecommendationsClient(running.address));
    try {
      for (const client of clients) {
        await client.listCategories({});
        await client.recommend({ userId: "" }).catch(() => undefined);
      }
      const metrics = await (await fetch(`http://127.0.0.1:${String(slowNever.metricsPort)}/metrics`)).text();
      expect(metrics).to.match(/^grpc_server_handled_total\{[^}]*grpc_method="ListCategories",grpc_code="OK"\} 1$/m);
    } finally {
      clients.forEach((client) => client.close());
      quiet.forceShutdown();
      slowNever.forceShutdown();
    }
    const calls = sink.lines.filter((line) => line["msg"] === "grpc call");
    // With LOG_SLOW_MS 0 every call counts as slow; with a minute, only the failure is logged.
    expect(calls.map((line) => [line["method"], line["code"], line["level"]])).to.deep.equal([
      ["/recommendations.v2.RecommendationService/ListCategories", "OK", 30],
      ["/recommendations.v2.RecommendationService/Recommend", "INVALID_ARGUMENT", 30],
      ["/recommendations.v2.RecommendationService/Recommend", "INVALID_ARGUMENT", 30],
    ]);
  });

  it("serves Prometheus metrics that tell the legacy path, v1 and v2 apart", async () => {
    const response = await fetch(`http://127.0.0.1:${String(server.metricsPort)}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get("content-type")).to.match(/^text\/plain/);
    const text = await response.text();
    const sample = (name: string, labels: string): number | undefined => {
      const line = text.split("\n").find((candidate) => candidate.startsWith(`${name}{${labels}}`));
      return line === undefined ? undefined : Number(line.split(" ").at(-1));
    };
    const unary = 'grpc_type="unary"';
    expect(sample("grpc_server_started_total", `${unary},grpc_service="Recommendations",grpc_method="Recommend"`)).to.equal(2);
    expect(sample("grpc_server_handled_total", `${unary},grpc_service="Recommendations",grpc_method="Recommend",grpc_code="OK"`)).to.equal(2);
    expect(sample("grpc_server_handled_total", `${unary},grpc_service="recommendations.v1.Recommendations",grpc_method="Recommend",grpc_code="OK"`)).to.equal(1);
    expect(sample("grpc_server_handled_total", `${unary},grpc_service="recommendations.v2.RecommendationService",grpc_method="Recommend",grpc_code="INVALID_ARGUMENT"`)).to.equal(1);
    expect(sample("grpc_server_handling_seconds_count", `${unary},grpc_service="recommendations.v2.RecommendationService",grpc_method="ListCategories"`)).to.equal(1);
    expect(text).to.match(/^grpc_server_handling_seconds_bucket\{le="0\.001",grpc_type="unary",grpc_service="Recommendations"/m);
    expect(text).to.match(/^process_cpu_user_seconds_total \d/m);
    expect(text).to.match(/^nodejs_eventloop_lag_seconds /m);
  });

  it("answers 404 outside /metrics", async () => {
    expect((await fetch(`http://127.0.0.1:${String(server.metricsPort)}/`)).status).to.equal(404);
  });
});
