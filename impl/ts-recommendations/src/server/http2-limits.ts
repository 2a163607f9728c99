import { constants, type ServerHttp2Session } from "node:http2";
import type { ServerOptions } from "@grpc/grpc-js";
import type { Http2ServerHooks } from "./http2-server-hooks.js";

/**
 * The per-connection limits of the server's HTTP/2 layer. grpc-js runs on Node's HTTP/2
 * defaults, and some of those are unbounded; each value here is chosen, and the README
 * ("Limits and overload") says why.
 */
const HTTP2_LIMITS = {
  /**
   * Streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).
   * grpc-js leaves it unlimited, so one connection could hold thousands of calls. 100 is
   * the smallest value RFC 9113 §6.5.2 recommends; a marketplace replica needs a few
   * dozen, and grpc-js clients queue calls beyond it instead of failing them.
   */
  maxConcurrentStreams: 100,
  /**
   * Memory one connection's HTTP/2 session may hold (header tables, streams, data queued
   * for a reader that does not read), in MiB. grpc-js disables Node's limit; past it,
   * Node refuses new streams on that connection only. 10 MiB is Node's own default, and
   * 100 answers of the largest v2 page (100 books) take about 1 MiB.
   */
  maxSessionMemoryMiB: 10,
  /**
   * Largest request header block in bytes (SETTINGS_MAX_HEADER_LIST_SIZE, enforced by
   * Node). gRPC metadata is small: the clients send well under 1 KiB. 16 KiB is gRPC
   * core's hard limit for metadata (Node's default would be 64 KiB, per stream).
   */
  maxHeaderListBytes: 16 * 1024,
  /**
   * RST_STREAM frames a connection may send in a burst (nghttp2's token bucket against
   * rapid reset, CVE-2023-44487); past it, GOAWAY and the connection is closed. Node's
   * default, kept: a marketplace replica legitimately cancels every call it has in
   * flight at once when the service stalls past its deadline, which can be hundreds.
   */
  streamResetBurst: 1000,
  /** RST_STREAM frames per second the bucket refills (Node's default, kept for the same reason). */
  streamResetRate: 33,
  /** Most header fields in one request: Node's default of 128, far above the ten or so a gRPC client sends. */
  maxHeaderPairs: 128,
  /**
   * Keepalive enforcement: a PING that arrives sooner than this after the previous one,
   * with no new call between them, is a strike. 10 s is the shortest keepalive interval
   * grpc-go lets a client configure, so no well-configured client is ever struck.
   */
  minPingIntervalMs: 10_000,
  /** Strikes allowed; the next one ends the connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings" (gRPC core's default of 2). */
  maxPingStrikes: 2,
  /**
   * SETTINGS frames one connection may send in its life; past that, GOAWAY
   * ENHANCE_YOUR_CALM. A client sends one or two; Node would acknowledge any number,
   * each one a write.
   */
  maxSettingsFrames: 100,
  /**
   * Client connections open at once; more are closed as they arrive. An idle TLS
   * connection holds about 100 KiB (OpenSSL buffers and the HTTP/2 session), so 500 of
   * them are some 50 MiB on top of the service's 130–150 MiB, within its 256 MiB limit —
   * a thousand would not be. Its real clients are a few marketplace replicas, probes and
   * Prometheus' separate metrics port.
   */
  maxConnections: 500,
  /**
   * How long a TLS handshake may take before the connection is dropped (Node's default
   * is 120 s, long enough to hold thousands of half-open connections). A handshake on
   * a data-centre network takes milliseconds.
   */
  tlsHandshakeTimeoutMs: 10_000,
} as const;

/** The limits grpc-js takes as server options. */
export function grpcServerOptions(): Partial<ServerOptions> {
  return {
    "grpc.max_concurrent_streams": HTTP2_LIMITS.maxConcurrentStreams,
    "grpc-node.max_session_memory": HTTP2_LIMITS.maxSessionMemoryMiB,
  };
}

/**
 * The limits grpc-js has no option for, as hooks for {@link hookHttp2Servers}: the
 * header list size and pair count, nghttp2's stream reset rate limit and the TLS
 * handshake timeout as Node options; the connection cap; keepalive enforcement (PING
 * strikes) and the SETTINGS frame budget watched on every session.
 */
export function http2LimitHooks(): Http2ServerHooks {
  return {
    options: {
      maxHeaderListPairs: HTTP2_LIMITS.maxHeaderPairs,
      settings: { maxHeaderListSize: HTTP2_LIMITS.maxHeaderListBytes },
      streamResetBurst: HTTP2_LIMITS.streamResetBurst,
      streamResetRate: HTTP2_LIMITS.streamResetRate,
      handshakeTimeout: HTTP2_LIMITS.tlsHandshakeTimeoutMs,
    },
    maxConnections: HTTP2_LIMITS.maxConnections,
    onSession: watchSession,
  };
}

/** Ends `session` for abuse: GOAWAY with ENHANCE_YOUR_CALM and `reason` as debug data, then closes it. */
function calm(session: ServerHttp2Session, reason: string): void {
  if (session.destroyed) return;
  session.goaway(constants.NGHTTP2_ENHANCE_YOUR_CALM, session.state.lastProcStreamID ?? 0, Buffer.from(reason));
  session.destroy(undefined, constants.NGHTTP2_ENHANCE_YOUR_CALM);
}

function watchSession(session: ServerHttp2Session): void {
  let lastPing = -Infinity;
  let strikes = 0;
  let callSincePing = false;
  let settingsFrames = 0;
  session.on("stream", () => (callSincePing = true));
  session.on("ping", () => {
    const now = performance.now();
    if (now - lastPing < HTTP2_LIMITS.minPingIntervalMs && !callSincePing) strikes += 1;
    lastPing = now;
    callSincePing = false;
    if (strikes > HTTP2_LIMITS.maxPingStrikes) calm(session, "too_many_pings");
  });
  session.on("remoteSettings", () => {
    settingsFrames += 1;
    if (settingsFrames > HTTP2_LIMITS.maxSettingsFrames) calm(session, "too_many_settings");
  });
}
