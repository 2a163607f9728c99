import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { addService } from "@onlinebooks/grpc-es";
import { Recommendations } from "@onlinebooks/recommendations-v1";
import {
  answersOk,
  serveGrpc,
  startMarketplaceProcess,
  startRecommendationsProcess,
  type ListeningProcess,
  type RecommendationsProcess,
  type TestGrpcServer,
} from "@onlinebooks/testkit";
import { parentOf, startJaeger, tag, type JaegerServer, type JaegerSpan, type JaegerTrace } from "./support/jaeger.js";
import { installTools } from "./support/tools.js";

const PAGES = 8;

/** The spans of one homepage's trace that the checks below read. */
interface PageTrace {
  readonly trace: JaegerTrace;
  readonly page: JaegerSpan;
  readonly failed: JaegerSpan;
  readonly called: JaegerSpan;
  readonly served: JaegerSpan;
  readonly domain: JaegerSpan;
}

/**
 * A homepage trace with an RPC that failed (v2 on the replica that was not upgraded)
 * and one that the real service answered, with its server and domain spans; undefined
 * when the trace is not (yet) like that.
 */
function pageTrace(trace: JaegerTrace): PageTrace | undefined {
  const serviceOf = (span: JaegerSpan): string | undefined => trace.processes[span.processID]?.serviceName;
  const spans = (service: string, kind: string) => trace.spans.filter((span) => serviceOf(span) === service && tag(span, "span.kind") === kind);
  const page = spans("marketplace", "server").find((span) => span.operationName === "GET /");
  const clients = spans("marketplace", "client").filter((span) => parentOf(span) === page?.spanID);
  const failed = clients.find((span) => tag(span, "rpc.grpc.status_code") === 12);
  const servers = spans("recommendations", "server");
  const called = clients.find((span) => servers.some((server) => parentOf(server) === span.spanID));
  const served = servers.find((server) => parentOf(server) === called?.spanID);
  const domain = trace.spans.find((span) => serviceOf(span) === "recommendations" && parentOf(span) === served?.spanID);
  if (!page || !failed || !called || !served || !domain) return undefined;
  return { trace, page, failed, called, served, domain };
}

describe("a homepage traced through both services into a real Jaeger", function () {
  this.timeout(120_000);
  let dir: string;
  let jaeger: JaegerServer;
  let recommendations: RecommendationsProcess;
  let notUpgraded: TestGrpcServer;
  let marketplace: ListeningProcess;
  let found: PageTrace | undefined;

  before(async function () {
    this.timeout(15 * 60_000);
    const tools = await installTools();
    dir = mkdtempSync(join(tmpdir(), "onlinebooks-jaeger-"));
    jaeger = await startJaeger(tools.jaeger, dir);
    const started = Date.now();
    const otel = (protocol: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    });
    recommendations = await startRecommendationsProcess({ env: { LOG_LEVEL: "debug", ...otel("http/protobuf") } });
    // A replica mid-rollout that serves v1 only: v2 calls that reach it fail UNIMPLEMENTED
    // and the marketplace falls back to v1 (round_robin takes turns over both replicas).
    notUpgraded = await serveGrpc((server) => addService(server, Recommendations, { recommend: () => ({ recommendations: [{ id: 1, title: "The Maltese Falcon" }] }) }));
    marketplace = await startMarketplaceProcess({
      env: {
        RECOMMENDATIONS_TARGET: `ipv4:127.0.0.1:${recommendations.port},${notUpgraded.address}`,
        RECOMMENDATIONS_API: "v2",
        LOG_LEVEL: "info",
        ...otel("http/json"),
      },
      ready: (service) => answersOk(`http://127.0.0.1:${service.port}/readyz`),
    });
    for (let i = 0; i < PAGES; i++) {
      const response = await fetch(`http://127.0.0.1:${marketplace.port}/`);
      expect(response.status).to.equal(200);
      await response.arrayBuffer();
    }
    const deadline = Date.now() + 30_000;
    while (found === undefined && Date.now() < deadline) {
      found = (await jaeger.traces("marketplace", started)).map(pageTrace).find((trace) => trace !== undefined);
      if (found === undefined) await sleep(250);
    }
  });

  after(async () => {
    await Promise.all([marketplace, recommendations, jaeger?.process].map((p) => p?.stop("SIGKILL")));
    notUpgraded?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds, through Jaeger's query API, one trace of a homepage: its server span and the RPC client spans under it", () => {
    expect(found, "a homepage trace with a failed and a served RPC").to.not.equal(undefined);
    const { page, failed, called } = found!;
    expect(parentOf(page), "the page span is the root").to.equal(undefined);
    expect(tag(page, "http.route")).to.equal("/");
    expect(tag(page, "http.response.status_code")).to.equal(200);
    for (const span of [failed, called]) expect(tag(span, "rpc.system")).to.equal("grpc");
  });

  it("marks the failed RPC as an error, with its status code", () => {
    const { failed } = found!;
    expect(failed.operationName).to.equal("recommendations.v2.RecommendationService/Recommend");
    expect(tag(failed, "rpc.service")).to.equal("recommendations.v2.RecommendationService");
    expect(tag(failed, "rpc.grpc.status_code")).to.equal(12); // UNIMPLEMENTED
    expect(tag(failed, "error")).to.equal(true);
  });

  it("parents the recommendations service's server span on the client span, and the domain call's span on it", () => {
    const { called, served, domain } = found!;
    expect(served.operationName).to.equal(called.operationName);
    expect(tag(served, "rpc.method")).to.equal("Recommend");
    expect(tag(served, "rpc.grpc.status_code")).to.equal(0);
    expect(tag(served, "error")).to.equal(undefined);
    expect(domain.operationName).to.equal("Recommender.recommend");
  });

  it("puts the trace's ids on both services' log lines", () => {
    const { trace, page, served } = found!;
    const calls = recommendations.logLines().filter((line) => line["msg"] === "grpc call" && line["trace_id"] === trace.traceID);
    expect(calls.map((line) => line["span_id"]), "the call log line of each of the page's calls has its server span's id").to.include(served.spanID);
    const fallback = marketplace.logLines().find((line) => String(line["msg"]).includes("falling back to v1") && line["trace_id"] === trace.traceID);
    expect(fallback?.["span_id"]).to.equal(page.spanID);
  });
});
