import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { chromium, type Browser, type ConsoleMessage } from "playwright-core";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { startMarketplace, startRecommendations, type RunningMarketplace } from "./testing/fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
/** Screenshots go to the repository's git-ignored `test-results/`. */
const RESULTS_DIR = fileURLToPath(new URL("../../../test-results/", import.meta.url));

describe("marketplace in a browser (playwright-core, Debian chromium)", function () {
  let recs: RecommendationsServer;
  let running: RunningMarketplace;
  let browser: Browser;

  before(async function () {
    // Starting Chromium reads a few hundred MiB from disk: on a busy machine (the suite's
    // packaging specs write a lot just before) that alone has taken over 20 s.
    this.timeout(120_000);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run apt-get install -y chromium`);
    recs = await startRecommendations();
    running = await startMarketplace(recs.address, { api: "v2" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(RESULTS_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await recs?.shutdown();
  });

  it("shows recommended books, navigates to a category, logs no console errors", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message: ConsoleMessage) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));
    try {
      const response = await page.goto(`${running.baseUrl}/`);
      expect(response?.status()).to.equal(200);
      expect(await page.title()).to.equal("Online Books For You");
      expect(await page.getByRole("heading", { level: 2, name: "Mystery books you may like" }).isVisible()).to.equal(true);
      expect(await page.locator("li.book").count()).to.equal(12);
      expect(await page.locator("li.book .book-authors").first().textContent()).to.match(/^by \S/);
      // The stylesheet applied (CSP allows it): the header has the accent background.
      const headerColour = await page.locator("header.site-header").evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(headerColour).to.equal("rgb(122, 46, 14)");
      expect(await page.getByRole("banner").count()).to.equal(1);
      expect(await page.getByRole("main").count()).to.equal(1);
      expect(await page.getByRole("navigation", { name: "Categories" }).count()).to.equal(1);
      await page.screenshot({ path: `${RESULTS_DIR}marketplace-home.png`, fullPage: true });

      await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Science fiction" }).click();
      await page.waitForURL(`${running.baseUrl}/categories/science-fiction`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).to.equal("Science fiction");
      expect(await page.locator("li.book").count()).to.equal(12);
      await page.screenshot({ path: `${RESULTS_DIR}marketplace-category.png`, fullPage: true });

      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${running.baseUrl}/`);
      await page.screenshot({ path: `${RESULTS_DIR}marketplace-home-mobile.png`, fullPage: true });
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
