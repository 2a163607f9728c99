import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { createApp } from "./app.js";
import { SITE_CATEGORIES } from "./catalog-categories.js";
import { createMetrics } from "./metrics.js";
import { createReadiness } from "./readiness.js";
import type { RolloutLookup } from "./services/rollout-lookup.js";
import { get, serveApp, silentLogger, startMarketplace, startRecommendations } from "./testing/fixtures.js";

const HOSTILE_TITLE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
const HOSTILE_AUTHOR = `</span><b>Mallory</b>`;

describe("marketplace output safety", () => {
  describe("a catalog with markup in titles and authors", () => {
    let dir: string;
    let recs: RecommendationsServer;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "marketplace-catalog-"));
      const catalogPath = join(dir, "catalog.json");
      const books = ["MYSTERY", "SCIENCE_FICTION", "SELF_HELP"].map((category, i) => ({
        id: i + 1,
        title: HOSTILE_TITLE,
        authors: [HOSTILE_AUTHOR],
        year: 1999,
        category,
      }));
      writeFileSync(catalogPath, JSON.stringify({ books }));
      recs = await startRecommendations({ catalogPath });
    });
    after(async () => {
      await recs.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const api of ["v1", "v2"] as const) {
      it(`on ${api} shows the markup as text`, async () => {
        const running = await startMarketplace(recs.address, { api });
        try {
          const html = await (await get(running.baseUrl, "/")).text();
          expect(html).not.to.contain("<script>");
          expect(html).not.to.contain("<img");
          expect(html).not.to.contain("<b>Mallory");
          expect(html).to.contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;");
          if (api === "v2") expect(html).to.contain("by &lt;/span&gt;&lt;b&gt;Mallory&lt;/b&gt;");
        } finally {
          await running.close();
        }
      });
    }
  });

  it("shows an error page without stack traces when a page fails unexpectedly", async () => {
    const rolloutLookup: RolloutLookup = {
      decide: () => ({ primary: "v1", shadow: undefined }),
      categories: () => SITE_CATEGORIES,
      lookup: () => Promise.reject(new Error("secret internals at /srv/app.js:42")),
      settled: async () => undefined,
    };
    const metrics = createMetrics();
    const app = createApp({ rolloutLookup, metrics, readiness: createReadiness(), logger: silentLogger });
    const served = await serveApp(app.callback());
    try {
      const response = await get(served.baseUrl, "/");
      const html = await response.text();
      expect(response.status).to.equal(500);
      expect(html).to.contain("<h1>Something went wrong</h1>");
      expect(html).not.to.contain("secret internals");
      expect(html).not.to.match(/at .*\.js:\d+/);
      expect(response.headers.get("content-security-policy")).to.contain("default-src 'none'");
    } finally {
      await served.close();
    }
  });
});
