import { expect } from "chai";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { bookTitles, get, startMarketplace, startRecommendations, type RunningMarketplace } from "./testing/fixtures.js";

describe("marketplace over HTTP (real Recommendations server)", () => {
  let recs: RecommendationsServer;
  const open: RunningMarketplace[] = [];
  const marketplace = async (options: Parameters<typeof startMarketplace>[1] = {}): Promise<RunningMarketplace> => {
    const running = await startMarketplace(recs.address, options);
    open.push(running);
    return running;
  };

  before(async () => {
    recs = await startRecommendations();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((running) => running.close()));
  });
  after(async () => {
    await recs.shutdown();
  });

  describe("homepage", () => {
    it("on v1 shows the original title, a shelf per v1 category and titles only", async () => {
      const { baseUrl } = await marketplace({ api: "v1" });
      const response = await get(baseUrl, "/", { reader: "1" });
      const html = await response.text();
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/html/);
      expect(response.headers.get("x-recommendations-api")).to.equal("v1");
      expect(html).to.contain("<title>Online Books For You</title>");
      expect(html).to.contain("Mystery books you may like");
      expect(html).to.contain("Science fiction books you may like");
      expect(html).to.contain("Self-help books you may like");
      expect(bookTitles(html)).to.have.length(12);
      expect(html).not.to.contain("book-authors");
    });

    it("on v2 shows the same books with authors and year", async () => {
      const v1 = await marketplace({ api: "v1" });
      const v2 = await marketplace({ api: "v2" });
      const html1 = await (await get(v1.baseUrl, "/", { reader: "77" })).text();
      const response = await get(v2.baseUrl, "/", { reader: "77" });
      const html2 = await response.text();
      expect(response.headers.get("x-recommendations-api")).to.equal("v2");
      expect(bookTitles(html2)).to.deep.equal(bookTitles(html1));
      expect(html2).to.match(/<span class="book-authors">by [^<]+<\/span><span class="book-year">\d{3,4}<\/span>/);
    });

    it("on v2 makes one RPC for the whole homepage where v1 makes one per category", async () => {
      const v1 = await marketplace({ api: "v1" });
      const v2 = await marketplace({ api: "v2" });
      await get(v1.baseUrl, "/", { reader: "5" });
      await get(v2.baseUrl, "/", { reader: "5" });
      const rpcs = async (running: RunningMarketplace): Promise<number> => {
        const metric = await running.marketplace.metrics.rpcs.get();
        return metric.values.reduce((sum, v) => sum + v.value, 0);
      };
      expect(await rpcs(v1)).to.equal(3);
      expect(await rpcs(v2)).to.equal(1);
    });

    it("gives a new visitor a reader cookie, HttpOnly and SameSite=Lax, and the same books when it comes back", async () => {
      const { baseUrl } = await marketplace({ api: "v2" });
      const first = await get(baseUrl, "/");
      const cookie = first.headers.get("set-cookie") ?? "";
      expect(cookie).to.match(/^reader=\d+; path=\/; expires=[^;]+; samesite=lax; httponly$/);
      const reader = /^reader=(\d+)/.exec(cookie)?.[1];
      const again = await get(baseUrl, "/", { reader });
      expect(again.headers.get("set-cookie")).to.equal(null);
      expect(bookTitles(await again.text())).to.deep.equal(bookTitles(await first.text()));
    });

    it("gives different readers different books", async () => {
      const { baseUrl } = await marketplace({ api: "v2" });
      const a = bookTitles(await (await get(baseUrl, "/", { reader: "1001" })).text());
      const b = bookTitles(await (await get(baseUrl, "/", { reader: "2002" })).text());
      expect(a).not.to.deep.equal(b);
    });

    it("replaces a forged reader cookie instead of sending it on", async () => {
      const { baseUrl } = await marketplace({ api: "v1" });
      for (const forged of ["-1", "99999999999", "1%3Cscript%3E", "x".repeat(3000)]) {
        const response = await get(baseUrl, "/", { reader: forged });
        expect(response.status).to.equal(200);
        expect(bookTitles(await response.text())).to.have.length(12);
        expect(response.headers.get("set-cookie")).to.match(/^reader=[1-9]\d{0,9};/);
      }
    });

    it("answers HEAD like GET, without a body", async () => {
      const { baseUrl } = await marketplace();
      const response = await get(baseUrl, "/", { method: "HEAD", reader: "3" });
      expect(response.status).to.equal(200);
      expect(response.headers.get("x-recommendations-api")).to.equal("v1");
      expect(await response.text()).to.equal("");
    });
  });

  describe("rollout", () => {
    it("in split mode serves each reader from one version, always the same", async () => {
      const { baseUrl } = await marketplace({ api: "split", v2Percent: 50 });
      const versions = new Map<string, string | null>();
      for (let reader = 1; reader <= 20; reader += 1) {
        versions.set(String(reader), (await get(baseUrl, "/", { reader: String(reader) })).headers.get("x-recommendations-api"));
      }
      expect(new Set(versions.values())).to.deep.equal(new Set(["v1", "v2"]));
      for (const [reader, version] of versions) {
        expect((await get(baseUrl, "/", { reader })).headers.get("x-recommendations-api")).to.equal(version);
      }
    });

    it("in shadow mode serves v1, calls v2 too and finds the same books", async () => {
      const { baseUrl, marketplace: m } = await marketplace({ api: "shadow", v2Percent: 0 });
      const response = await get(baseUrl, "/", { reader: "31" });
      expect(response.headers.get("x-recommendations-api")).to.equal("v1");
      await m.rolloutLookup.settled();
      const metrics = await (await get(baseUrl, "/metrics")).text();
      expect(metrics).to.contain('marketplace_shadow_comparisons_total{primary="v1",result="match"} 1');
      // A mismatch ratio reads 0, not "no data", before the first mismatch.
      expect(metrics).to.contain('marketplace_shadow_comparisons_total{primary="v1",result="mismatch"} 0');
    });
  });

  describe("category pages", () => {
    it("a homepage link leads to the category page with more books of that category", async () => {
      const { baseUrl } = await marketplace({ api: "v2" });
      const home = await (await get(baseUrl, "/", { reader: "8" })).text();
      expect(home).to.contain('href="/categories/science-fiction"');
      const response = await get(baseUrl, "/categories/science-fiction", { reader: "8" });
      const html = await response.text();
      expect(response.status).to.equal(200);
      expect(html).to.contain("<title>Science fiction · Online Books For You</title>");
      expect(html).to.contain('aria-current="page"');
      expect(bookTitles(html)).to.have.length(12);
    });

    it("lists the v2-only categories on v2 and answers 404 for them on v1", async () => {
      const v1 = await marketplace({ api: "v1" });
      const v2 = await marketplace({ api: "v2" });
      expect(await (await get(v2.baseUrl, "/", { reader: "8" })).text()).to.contain('href="/categories/fantasy"');
      expect((await get(v2.baseUrl, "/categories/fantasy", { reader: "8" })).status).to.equal(200);
      expect(await (await get(v1.baseUrl, "/", { reader: "8" })).text()).not.to.contain("/categories/fantasy");
      expect((await get(v1.baseUrl, "/categories/fantasy", { reader: "8" })).status).to.equal(404);
    });
  });

  describe("errors and limits", () => {
    it("answers an unknown page with a real 404 page", async () => {
      const { baseUrl } = await marketplace();
      for (const path of ["/nope", "/categories/nope", "/categories/%E0%A4%A", "/static/missing.css"]) {
        const response = await get(baseUrl, path);
        const html = await response.text();
        expect(response.status, path).to.equal(404);
        expect(html).to.contain("<h1>Page not found</h1>");
        expect(html).to.contain('href="/"');
      }
    });

    it("answers GET and HEAD only: anything else is 405 with Allow", async () => {
      const { baseUrl } = await marketplace();
      for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
        const response = await get(baseUrl, "/", { method });
        expect(response.status, method).to.equal(405);
        expect(response.headers.get("allow")).to.equal("GET, HEAD");
      }
    });

    it("refuses an overlong address with 414 and ignores query strings", async () => {
      const { baseUrl } = await marketplace();
      expect((await get(baseUrl, `/?q=${"a".repeat(3000)}`)).status).to.equal(414);
      const response = await get(baseUrl, "/?category[]=x&__proto__[a]=1", { reader: "4" });
      expect(response.status).to.equal(200);
    });

    it("sends the security headers on pages", async () => {
      const { baseUrl } = await marketplace();
      const response = await get(baseUrl, "/");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).to.contain("default-src 'none'");
      expect(csp).to.contain("frame-ancestors 'none'");
      expect(csp).not.to.contain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).to.equal("nosniff");
      expect(response.headers.get("referrer-policy")).to.equal("no-referrer");
      expect(response.headers.get("x-frame-options")).to.equal("DENY");
    });

    it("serves the stylesheet the pages link", async () => {
      const { baseUrl } = await marketplace();
      const home = await (await get(baseUrl, "/")).text();
      expect(home).to.contain('href="/static/styles.css"');
      const css = await get(baseUrl, "/static/styles.css");
      expect(css.status).to.equal(200);
      expect(css.headers.get("content-type")).to.match(/^text\/css/);
      expect(await css.text()).to.contain(".book-list");
    });
  });

  describe("probes and metrics", () => {
    it("/healthz is up, /readyz follows readiness, without cookies", async () => {
      const { baseUrl, marketplace: m } = await marketplace();
      expect((await get(baseUrl, "/healthz")).status).to.equal(200);
      const ready = await get(baseUrl, "/readyz");
      expect(ready.status).to.equal(200);
      expect(ready.headers.get("set-cookie")).to.equal(null);
      m.readiness.drain();
      expect((await get(baseUrl, "/readyz")).status).to.equal(503);
      expect((await get(baseUrl, "/healthz")).status).to.equal(200);
    });

    it("/metrics counts HTTP requests by route and status, latency and lookups per version", async () => {
      const { baseUrl } = await marketplace({ api: "v2" });
      await get(baseUrl, "/", { reader: "6" });
      await get(baseUrl, "/categories/mystery", { reader: "6" });
      await get(baseUrl, "/nope");
      const text = await (await get(baseUrl, "/metrics")).text();
      expect(text).to.contain('http_requests_total{method="GET",route="/",status="200"} 1');
      expect(text).to.contain('http_requests_total{method="GET",route="/categories/:slug",status="200"} 1');
      expect(text).to.contain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
      expect(text).to.match(/http_request_duration_seconds_count\{method="GET",route="\/"\} 1/);
      expect(text).to.contain('marketplace_recommendations_total{api="v2",outcome="ok"} 2');
      expect(text).to.contain(
        'grpc_client_handled_total{grpc_service="recommendations.v2.RecommendationService",grpc_method="Recommend",grpc_code="OK"} 2',
      );
    });
  });
});
