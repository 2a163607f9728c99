import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { createServiceLogger, startTracing, type Tracing } from "@onlinebooks/service-kit";
import { createLogSink, createSpanCollector, type SpanCollector } from "@onlinebooks/testkit";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import { get, silentLogger, startMarketplace, type RunningMarketplace } from "./testing/fixtures.js";

type ReadableSpan = SpanCollector["spans"][number];

/** The caller's span, as a browser or a proxy in front of the marketplace would send it. */
const CALLER = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };

describe("tracing a page (one process, both services, an in-memory exporter)", () => {
  const exporter = createSpanCollector();
  const exported = exporter.spans;
  const logs = createLogSink();
  let tracing: Tracing;
  let recommendations: RecommendationsServer;
  let marketplace: RunningMarketplace;

  before(async () => {
    tracing = startTracing(
      { enabled: true, protocol: "http/protobuf", sampler: { name: "parentbased_always_on", ratio: 1 }, propagators: ["tracecontext"], batch: {} },
      { serviceName: "test", exporter },
    );
    recommendations = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: silentLogger, metricsPort: false, tracing: true });
    const logger = createServiceLogger({ level: "debug", name: "marketplace", destination: logs.stream });
    marketplace = await startMarketplace(recommendations.address, { api: "v2", tracing: true, logger });
    const page = await get(marketplace.baseUrl, "/", { reader: "5", headers: { traceparent: `00-${CALLER.traceId}-${CALLER.spanId}-01` } });
    expect(page.status).to.equal(200);
    expect((await get(marketplace.baseUrl, "/no-such-page")).status).to.equal(404);
    expect((await get(marketplace.baseUrl, "/metrics")).status).to.equal(200);
    await marketplace.close();
    await recommendations.shutdown();
    await tracing.shutdown();
  });

  const named = (name: string): ReadableSpan => {
    const span = exported.find((candidate) => candidate.name === name);
    if (span === undefined) throw new Error(`no span ${name} among ${exported.map((s) => s.name).join(", ")}`);
    return span;
  };

  it("makes one trace of a page: its server span, the RPC's client and server spans, and the domain call", () => {
    const http = named("GET /");
    const client = exported.find((span) => span.kind === SpanKind.CLIENT);
    const server = exported.find((span) => span.kind === SpanKind.SERVER && span.name.startsWith("recommendations."));
    const domain = named("Recommender.recommend");
    expect(http.spanContext().traceId, "it continues the caller's trace").to.equal(CALLER.traceId);
    expect(http.parentSpanContext?.spanId).to.equal(CALLER.spanId);
    expect(http.kind).to.equal(SpanKind.SERVER);
    expect(http.attributes).to.include({ "http.request.method": "GET", "http.route": "/", "url.path": "/", "http.response.status_code": 200 });
    expect(client?.name).to.equal("recommendations.v2.RecommendationService/Recommend");
    expect(client?.parentSpanContext?.spanId).to.equal(http.spanContext().spanId);
    expect(server?.parentSpanContext?.spanId).to.equal(client?.spanContext().spanId);
    expect(domain.parentSpanContext?.spanId).to.equal(server?.spanContext().spanId);
    expect(domain.attributes).to.deep.include({ "recommendations.categories": ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"], "recommendations.limit": 24 });
    for (const span of [http, client, server, domain]) expect(span?.spanContext().traceId).to.equal(CALLER.traceId);
  });

  it("names a page no route matched by its method only, and leaves /metrics and the probes untraced", () => {
    const notFound = exported.filter((span) => span.name === "GET");
    expect(notFound.map((span) => span.attributes["http.response.status_code"])).to.deep.equal([404]);
    expect(notFound[0]?.status.code).to.equal(SpanStatusCode.UNSET);
    expect(exported.filter((span) => span.attributes["url.path"] === "/metrics")).to.deep.equal([]);
  });

  it("puts the page span's ids on the page's log lines", () => {
    const http = named("GET /");
    const line = logs.lines.find((entry) => entry["msg"] === "http request" && entry["path"] === "/");
    expect(line).to.include({ trace_id: CALLER.traceId, span_id: http.spanContext().spanId });
  });
});
