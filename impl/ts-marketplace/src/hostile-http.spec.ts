import { connect } from "node:net";
import { expect } from "chai";
import fc from "fast-check";
import { startMarketplaceProcess, type ListeningProcess } from "@onlinebooks/testkit";
import type { RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { startRecommendations } from "./testing/fixtures.js";

interface RawResponse {
  /** The status code, or 0 when the server closed the connection without answering. */
  readonly status: number;
  /** The raw head and body, as received. */
  readonly text: string;
}

/** Sends `head` (and nothing else) on a new connection and reads until the server closes it (`Connection: close`). */
function raw(port: number, head: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0), text });
    });
    socket.write(head); // not end(): a client that half-closes first may get no answer at all
  });
}

/** A GET (or `method`) request head with `Connection: close` and `extra` header lines. */
const request = (target: string, extra: string[] = [], method = "GET"): string =>
  [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close", ...extra, "", ""].join("\r\n");

const MARKUP = "<script>alert(1)</script>";

/** Never a 5xx, and never injected markup in what comes back. */
function expectSafe(response: RawResponse, what: string): void {
  expect(response.status, `${what}: answered`).to.be.above(0);
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).to.be.below(500);
  for (const needle of ["<script", "<img", "onerror=", "<svg"]) expect(response.text.toLowerCase(), what).not.to.contain(needle);
}

describe("hostile HTTP input (the real main.js)", () => {
  let recs: RecommendationsServer;
  let marketplace: ListeningProcess;
  let port: number;

  before(async () => {
    recs = await startRecommendations();
    marketplace = await startMarketplaceProcess({
      env: { RECOMMENDATIONS_TARGET: recs.address, RECOMMENDATIONS_API: "split", RECOMMENDATIONS_V2_PERCENT: "50", LOG_LEVEL: "warn" },
    });
    port = marketplace.port;
  });
  after(async () => {
    await marketplace?.stop("SIGKILL");
    await recs?.shutdown();
  });

  it("refuses huge cookies, headers and header counts with 431, and keeps serving", async () => {
    for (const [what, lines] of [
      ["100 KiB cookie", [`Cookie: reader=${"9".repeat(100 * 1024)}`]],
      ["9 KiB header", [`X-Filler: ${"a".repeat(9 * 1024)}`]],
      ["2000 headers", Array.from({ length: 2000 }, (_, n) => `X-H${n}: v`)],
      ["500 cookies", [`Cookie: ${Array.from({ length: 500 }, (_, n) => `c${n}=${MARKUP}`).join("; ")}`]],
    ] as const) {
      const response = await raw(port, request("/", [...lines]));
      expectSafe(response, what);
      expect(response.status, what).to.equal(431);
    }
    expect((await raw(port, request("/"))).status).to.equal(200);
  });

  it("replaces forged reader cookies just under the limit, without echoing them", async () => {
    for (const value of [MARKUP, "9".repeat(7000), "-1", "1e9", "%00%ff", "\"quoted\"", "reader=2;reader=3"]) {
      const response = await raw(port, request("/", [`Cookie: reader=${value}; other=${encodeURIComponent(MARKUP)}`]));
      expectSafe(response, value.slice(0, 20));
      expect(response.status).to.equal(200);
      expect(response.text).to.match(/^Set-Cookie: reader=[1-9]\d*; /m);
    }
  });

  it("answers long URLs with 414 (or 431 past the head limit)", async () => {
    expect((await raw(port, request(`/?q=${"a".repeat(3000)}`))).status).to.equal(414);
    expect((await raw(port, request(`/categories/${"x".repeat(5000)}`))).status).to.equal(414);
    expect((await raw(port, request(`/${"a".repeat(64 * 1024)}`))).status).to.equal(431);
  });

  it("answers bad percent-encoding with 400 or 404, never 500", async () => {
    for (const target of ["/categories/%E0%A4%A", "/categories/%ZZ", "/categories/%", "/%", "/static/%", "/static/%c0%ae%c0%ae/package.json", "/categories/%00", "/%ff%fe", "/categories/mystery%"]) {
      const response = await raw(port, request(target));
      expectSafe(response, target);
      expect([400, 404], target).to.include(response.status);
    }
  });

  it("never serves a file outside public/ (path traversal)", async () => {
    for (const target of [
      "/static/../package.json",
      "/static/../../../../etc/passwd",
      "/static/..%2f..%2fpackage.json",
      "/static/%2e%2e/%2e%2e/package.json",
      "/static/%2e%2e%2fsrc%2fmain.js",
      "/static/....//....//package.json",
      "/static/..\\..\\package.json",
      "/static/styles.css%00.html",
      "/static//etc/passwd",
      "/static/%2fetc%2fpasswd",
      "/../../etc/passwd",
    ]) {
      const response = await raw(port, request(target));
      expectSafe(response, target);
      expect(response.status, target).to.be.oneOf([400, 403, 404]);
      expect(response.text, target).not.to.match(/root:|"name":|import /);
    }
    expect((await raw(port, request("/static/styles.css"))).status).to.equal(200);
  });

  it("answers unexpected methods with 405 (or 400 for methods HTTP does not know), TRACE without echo", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "PURGE"]) {
      const response = await raw(port, request("/", [`X-Echo: ${MARKUP}`, "Content-Length: 0"], method));
      expectSafe(response, method);
      expect(response.status, method).to.equal(405);
      expect(response.text).to.match(/^Allow: GET, HEAD\r$/m);
    }
    for (const method of ["FOO", "G<T", "GET\u0000"]) {
      const response = await raw(port, request("/", [], method));
      expectSafe(response, method);
      expect(response.status, method).to.equal(400);
    }
    const connect = await raw(port, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n");
    expect(connect.status === 0 || connect.status === 400 || connect.status === 405, `CONNECT: ${connect.status}`).to.equal(true);
  });

  it("ignores absurd query values and does not reflect markup in any page", async () => {
    for (const target of [
      `/?reader=${encodeURIComponent(MARKUP)}`,
      "/?page=99999999999999999999999&size=-1&api=v3",
      "/?__proto__[admin]=1&constructor[prototype][x]=1",
      `/categories/mystery?x=${"%".repeat(300)}`,
      `/categories/${encodeURIComponent(MARKUP)}`,
      `/${encodeURIComponent("<img src=x onerror=alert(1)>")}`,
      "/categories/mystery/../../../",
    ]) {
      const response = await raw(port, request(target, [`Referer: ${MARKUP}`, `User-Agent: ${MARKUP}`, `X-Forwarded-Host: ${MARKUP}`]));
      expectSafe(response, target);
      expect([200, 404], target).to.include(response.status);
    }
    const hostile = await raw(port, [`GET /nowhere HTTP/1.1`, `Host: ${MARKUP}`, "Connection: close", "", ""].join("\r\n"));
    expectSafe(hostile, "Host header");
  });

  it("rejects request smuggling shapes with 400", async () => {
    const both = [`GET / HTTP/1.1`, "Host: x", "Content-Length: 5", "Transfer-Encoding: chunked", "Connection: close", "", "0", "", ""].join("\r\n");
    expect((await raw(port, both)).status).to.equal(400);
    const bad = [`GET / HTTP/1.1`, "Host: x", "Bad Header: x", "Connection: close", "", ""].join("\r\n");
    expect((await raw(port, bad)).status).to.equal(400);
  });

  it("survives random request targets (property-based, 150 runs)", async () => {
    const target = fc.string({ unit: fc.constantFrom(..."/abc.-_~%2e0f<>\"'`{}|\\^[]?#&=;:@!$()*+, \u00e9"), maxLength: 60 }).map((path) => `/${path}`);
    await fc.assert(
      fc.asyncProperty(target, async (path) => {
        expectSafe(await raw(port, request(path)), JSON.stringify(path));
      }),
      { seed: 5, numRuns: 150 },
    );
    expect((await raw(port, request("/"))).status).to.equal(200);
  });
});
