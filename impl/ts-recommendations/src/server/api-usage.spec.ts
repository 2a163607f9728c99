import { InterceptingCall, Metadata, type Interceptor } from "@grpc/grpc-js";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { expect } from "chai";
import { createLegacyClient } from "../testing/legacy-client.js";
import { startTestServer } from "../testing/test-server.js";
import { callerOf, createCallerLabels, OTHER_CALLERS, UNKNOWN_CALLER } from "./caller-label.js";
import type { RecommendationsServer } from "./recommendations-server.js";

const DEPRECATED_AT = Date.UTC(2026, 10, 1);
const SUNSET_AT = Date.UTC(2027, 5, 30);

/** The response headers and trailers of every call, as a client interceptor sees them. */
function recordAnswers(into: Array<{ headers: Metadata | undefined; trailers: Metadata }>): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        let headers: Metadata | undefined;
        next(metadata, {
          onReceiveMetadata(received, pass) {
            headers = received;
            pass(received);
          },
          onReceiveStatus(status, pass) {
            into.push({ headers, trailers: status.metadata });
            pass(status);
          },
        });
      },
    });
}

describe("deprecation fields and calls per caller", () => {
  let server: RecommendationsServer;
  let metrics: string;
  const answers: Record<"v1" | "v2", Array<{ headers: Metadata | undefined; trailers: Metadata }>> = { v1: [], v2: [] };

  before(async () => {
    server = await startTestServer({ metricsPort: 0, v1Deprecation: { deprecatedAtMs: DEPRECATED_AT, sunsetAtMs: SUNSET_AT } });
    const batch = v1.createRecommendationsClient(server.address, { clientName: "nightly-mailer", interceptors: [recordAnswers(answers.v1)] });
    const legacyNamed = v1.createRecommendationsClient(server.address, { clientName: "nightly-mailer", serviceName: "Recommendations" });
    const shop = v2.createRecommendationsClient(server.address, { clientName: "shop-frontend", interceptors: [recordAnswers(answers.v2)] });
    const legacy = createLegacyClient(server.address);
    try {
      await batch.recommend({ userId: 1, category: v1.BookCategory.MYSTERY, maxResults: 2 });
      await batch.recommend({ userId: 1, category: 7 as v1.BookCategory, maxResults: 2 }).catch(() => undefined);
      await legacyNamed.recommend({ userId: 1, maxResults: 1 });
      await shop.recommend({ userId: "1", categories: [v2.BookCategory.MYSTERY] });
      await shop.listCategories({});
      await legacy.recommend({ user_id: 1, category: "MYSTERY", max_results: 1 });
    } finally {
      for (const client of [batch, legacyNamed, shop, legacy]) client.close();
    }
    metrics = await (await fetch(`http://127.0.0.1:${String(server.metricsPort)}/metrics`)).text();
  });

  after(() => server.forceShutdown());

  it("puts Deprecation (RFC 9745) and Sunset (RFC 8594) on every v1 answer, failed ones included, and not on v2", () => {
    expect(answers.v1).to.have.length(2);
    const [ok, notFound] = answers.v1;
    expect(ok?.headers?.get("deprecation")).to.deep.equal([`@${DEPRECATED_AT / 1000}`]);
    expect(ok?.headers?.get("sunset")).to.deep.equal(["Wed, 30 Jun 2027 00:00:00 GMT"]);
    // A call that fails before any header is answered with trailers only.
    expect(notFound?.trailers.get("sunset")).to.deep.equal(["Wed, 30 Jun 2027 00:00:00 GMT"]);
    for (const answer of answers.v2) {
      expect(answer.headers?.get("sunset") ?? []).to.deep.equal([]);
      expect(answer.trailers.get("deprecation")).to.deep.equal([]);
    }
  });

  it("counts calls per API version and caller: the client name, else the user agent's first product", () => {
    const counts = Object.fromEntries(
      [...metrics.matchAll(/^recommendations_api_calls_total\{api="(\w+)",caller="([^"]+)"\} (\d+)$/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]),
    );
    const legacyAgent = Object.keys(counts).find((key) => key.startsWith("legacy grpc-node-js/"));
    expect(legacyAgent, metrics).to.match(/^legacy grpc-node-js\/\d+\.\d+\.\d+$/);
    expect(counts).to.deep.equal({ "v1 nightly-mailer": 2, "legacy nightly-mailer": 1, "v2 shop-frontend": 2, [legacyAgent!]: 1 });
  });

  it("exports the sunset of v1 and the legacy path, and which gRPC service is which API", () => {
    expect(metrics).to.include(`recommendations_api_sunset_timestamp_seconds{api="v1"} ${SUNSET_AT / 1000}`);
    expect(metrics).to.include(`recommendations_api_sunset_timestamp_seconds{api="legacy"} ${SUNSET_AT / 1000}`);
    expect(metrics).to.include('recommendations_api_info{api="legacy",grpc_service="Recommendations"} 1');
    expect(metrics).to.include('recommendations_api_info{api="v1",grpc_service="recommendations.v1.Recommendations"} 1');
    expect(metrics).to.include('recommendations_api_info{api="v2",grpc_service="recommendations.v2.RecommendationService"} 1');
  });

  it("keeps caller labels bounded and free of arbitrary text", () => {
    const metadata = (entries: Record<string, string>): Metadata => {
      const result = new Metadata();
      for (const [key, value] of Object.entries(entries)) result.set(key, value);
      return result;
    };
    expect(callerOf(metadata({ "client-name": 'shop frontend"} #1', "user-agent": "x/1" }))).to.equal("shop_frontend____1");
    expect(callerOf(metadata({ "user-agent": "grpc-python/1.66.1 grpc-c/43.0.0 (linux; chttp2)" }))).to.equal("grpc-python/1.66.1");
    expect(callerOf(metadata({ "client-name": "x".repeat(500) }))).to.have.length(64);
    expect(callerOf(new Metadata())).to.equal(UNKNOWN_CALLER);
    const label = createCallerLabels(2);
    const named = (name: string): Metadata => metadata({ "client-name": name, "user-agent": "grpc-node-js/1.14.0" });
    expect(["a", "b", "c", "a", "d", "b"].map((name) => label(named(name)))).to.deep.equal(["a", "b", OTHER_CALLERS, "a", OTHER_CALLERS, "b"]);
    // A caller without a client name goes by its user agent, also the second time.
    const python = metadata({ "user-agent": "grpc-python/1.66.1 grpc-c/43.0.0 (linux; chttp2)" });
    expect([label(python), label(python), label(new Metadata())]).to.deep.equal([OTHER_CALLERS, OTHER_CALLERS, OTHER_CALLERS]);
    expect(createCallerLabels(5)(python)).to.equal("grpc-python/1.66.1");
  });
});
