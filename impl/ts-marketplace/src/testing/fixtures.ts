import { createServer, type RequestListener, type Server } from "node:http";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import type { CertificateFiles } from "@onlinebooks/testkit";
import { createMarketplace, type Marketplace, type MarketplaceOptions } from "../marketplace.js";

/** A logger that writes nothing, for tests. */
export const silentLogger: Logger = pino({ level: "silent" });

/**
 * Starts the real Recommendations server on 127.0.0.1 (port 0 = any) without metrics or
 * logs; with `mtls`, it serves the certificate files' server certificate and requires
 * client certificates signed by their CA.
 */
export function startRecommendations(
  options: { port?: number; catalogPath?: string; mtls?: CertificateFiles } = {},
): Promise<RecommendationsServer> {
  const { mtls } = options;
  return startRecommendationsServer({
    host: "127.0.0.1",
    port: options.port ?? 0,
    catalogPath: options.catalogPath,
    logger: silentLogger,
    metricsPort: false,
    shutdownGraceMs: 0,
    ...(mtls ? { tls: serverTls(mtls) } : {}),
  });
}

function serverTls(certificates: CertificateFiles): { cert: Buffer; key: Buffer; clientCa: Buffer } {
  const pem = (name: string): Buffer => readFileSync(join(certificates.dir, name));
  return { cert: pem("server.crt"), key: pem("server.key"), clientCa: pem("ca.crt") };
}

/** An HTTP server on 127.0.0.1 serving a request listener, with its base URL. */
export interface ServedApp {
  /** For example `http://127.0.0.1:40123`. */
  readonly baseUrl: string;
  /** The underlying server. */
  readonly server: Server;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/** Serves `listener` (a Koa app's `app.callback()`, or the marketplace's `listener`) on 127.0.0.1, port 0. */
export async function serveApp(listener: RequestListener): Promise<ServedApp> {
  const server = createServer(listener);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    async close() {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A marketplace wired to `target` and served on port 0. */
export interface RunningMarketplace extends ServedApp {
  /** The wired marketplace (metrics, rollout lookup, readiness). */
  readonly marketplace: Marketplace;
}

/**
 * Builds a marketplace for `target` (silent, v1 by default, the default deadline) and
 * serves its Koa app; with `shedLoad`, the app behind load shedding, as `main.js` does.
 * (Functional specs run their own code in this process between requests, which delays
 * its event loop: they test the app alone.)
 */
export async function startMarketplace(
  target: string,
  options: Partial<Omit<MarketplaceOptions, "recommendationsTarget">> & { readonly shedLoad?: boolean } = {},
): Promise<RunningMarketplace> {
  const { shedLoad, ...marketplaceOptions } = options;
  const marketplace = createMarketplace({
    recommendationsTarget: target,
    api: "v1",
    v2Percent: 0,
    timeoutMs: 500,
    logger: silentLogger,
    ...marketplaceOptions,
  });
  marketplace.readiness.ready();
  const served = await serveApp(shedLoad ? marketplace.listener : marketplace.app.callback());
  return {
    ...served,
    marketplace,
    async close() {
      await served.close();
      await marketplace.close();
    },
  };
}

/** The notice a page shows instead of books when recommendations are unavailable. */
export const NOTICE = "Recommendations are taking a short break.";

/** The book titles on a page, in order (the text of every `.book-title`). */
export function bookTitles(html: string): string[] {
  return [...html.matchAll(/<span class="book-title">([^<]*)<\/span>/g)].map((match) => match[1] ?? "");
}

/** Fetches `path` with an optional reader cookie; never follows redirects. */
export function get(baseUrl: string, path: string, init: RequestInit & { reader?: string } = {}): Promise<Response> {
  const { reader, headers, ...rest } = init;
  const all = new Headers(headers);
  if (reader !== undefined) all.set("cookie", `reader=${reader}`);
  return fetch(`${baseUrl}${path}`, { redirect: "manual", ...rest, headers: all });
}
