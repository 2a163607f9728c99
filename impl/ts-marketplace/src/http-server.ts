import { createServer, type RequestListener, type Server } from "node:http";
import type { Socket } from "node:net";

/**
 * The limits of the marketplace's HTTP server, each chosen (Node's defaults in
 * brackets); the README's "Limits" section says the same.
 */
export const HTTP_SERVER_LIMITS = {
  /** Largest request head — request line, headers and cookies — in bytes; larger gets 431 [16 KiB]. Pages need a cookie of a dozen bytes. */
  maxHeaderBytes: 8 * 1024,
  /**
   * How long a client may take to send a complete request head [60 s]. Browsers send it
   * in one packet; a client that trickles it (slowloris) loses its connection after 10 s.
   */
  headersTimeoutMs: 10_000,
  /** How long a whole request may take to arrive [300 s]. Only GET and HEAD are served, so there is never a body to wait for. */
  requestTimeoutMs: 30_000,
  /**
   * How long an idle keep-alive connection stays open [5 s]. Longer than the 60 s for
   * which ingress-nginx keeps idle upstream connections, so the proxy, never this
   * server, closes a connection it might be about to reuse (that race is a 502).
   */
  keepAliveTimeoutMs: 65_000,
  /** How often the two timeouts above are checked [30 s]: a stalled connection is dropped at most a second late. */
  connectionsCheckingIntervalMs: 1_000,
  /**
   * Requests one connection may have unanswered at once [unlimited]. Browsers and proxies
   * send one at a time on an HTTP/1.1 connection (none pipelines); a client that
   * pipelines more without reading its answers would have them all queued in memory.
   * Its connection is closed instead.
   */
  maxPipelinedRequests: 4,
} as const;

/** The limits of {@link createHttpServer}: {@link HTTP_SERVER_LIMITS}, or others in a test. */
export type HttpServerLimits = { readonly [K in keyof typeof HTTP_SERVER_LIMITS]: number };

/** Creates the marketplace's HTTP/1.1 server for `listener` with `limits` (default {@link HTTP_SERVER_LIMITS}); it does not listen. */
export function createHttpServer(listener: RequestListener, limits: HttpServerLimits = HTTP_SERVER_LIMITS): Server {
  const unanswered = new WeakMap<Socket, number>();
  const server = createServer(
    { maxHeaderSize: limits.maxHeaderBytes, connectionsCheckingInterval: limits.connectionsCheckingIntervalMs, keepAliveTimeout: limits.keepAliveTimeoutMs },
    (request, response) => {
      const { socket } = request;
      const pending = (unanswered.get(socket) ?? 0) + 1;
      if (pending > limits.maxPipelinedRequests) {
        socket.destroy();
        return;
      }
      unanswered.set(socket, pending);
      response.once("close", () => unanswered.set(socket, (unanswered.get(socket) ?? 1) - 1));
      listener(request, response);
    },
  );
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  return server;
}
