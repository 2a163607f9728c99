import type {
  Http2SecureServer,
  Http2Server,
  IncomingHttpHeaders,
  SecureServerOptions,
  ServerHttp2Session,
  ServerHttp2Stream,
} from "node:http2";
import type { Server } from "@grpc/grpc-js";

/** What {@link hookHttp2Servers} adds to the HTTP/2 servers grpc-js creates. */
export interface Http2ServerHooks {
  /** Node HTTP/2 (and, with TLS, TLS) server options, on top of the two grpc-js sets itself. */
  readonly options?: SecureServerOptions;
  /** Connections each listening socket keeps open at once; more are closed as they arrive (Node's `server.maxConnections`). */
  readonly maxConnections?: number;
  /** Called with every HTTP/2 session (client connection) the server accepts. */
  readonly onSession?: (session: ServerHttp2Session) => void;
  /**
   * Called with every new stream before grpc-js sees it; returns true when it has
   * answered the stream itself, which grpc-js then never sees.
   */
  readonly onStream?: (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => boolean;
}

/**
 * The parts of grpc-js 1.14's `Server` this module relies on. They are private: grpc-js
 * creates one Node HTTP/2 server per bound address in `createHttp2Server`, with options
 * from `commonServerOptions` in which only `maxSessionMemory` and
 * `settings.maxConcurrentStreams` come from grpc options (grpc/grpc-node#2431), and
 * registers exactly one `stream` listener on it.
 */
interface GrpcJsServerInternals {
  commonServerOptions: SecureServerOptions;
  createHttp2Server(credentials: unknown): Http2Server | Http2SecureServer;
}

type StreamListener = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, ...rest: unknown[]) => void;

/**
 * Gives `server` (before it binds) the HTTP/2 options and hooks grpc-js has no API
 * for: `hooks.options` join the options its HTTP/2 servers are created with,
 * `maxConnections` caps their connections, `onSession` sees every connection, and
 * `onStream` may answer a stream before grpc-js does. The one place that reaches into grpc-js internals; it throws at once when
 * they are not what it expects (a grpc-js upgrade), so protection is never dropped
 * silently.
 */
export function hookHttp2Servers(server: Server, hooks: Http2ServerHooks): void {
  const internals = server as unknown as GrpcJsServerInternals;
  const create = internals.createHttp2Server;
  const options = internals.commonServerOptions;
  if (typeof create !== "function" || typeof options !== "object" || options === null) {
    throw new Error("@grpc/grpc-js has no createHttp2Server/commonServerOptions any more: the HTTP/2 hooks cannot be installed");
  }
  const { settings, ...rest } = hooks.options ?? {};
  Object.assign(options, rest);
  options.settings = { ...options.settings, ...settings };
  internals.createHttp2Server = function (this: GrpcJsServerInternals, credentials: unknown) {
    const http2Server = create.call(this, credentials);
    if (hooks.maxConnections !== undefined) http2Server.maxConnections = hooks.maxConnections;
    if (hooks.onSession) http2Server.on("session", hooks.onSession);
    if (hooks.onStream) gateStreams(http2Server, hooks.onStream);
    return http2Server;
  };
}

/** Puts `gate` in front of grpc-js's `stream` listener on `http2Server`. */
function gateStreams(http2Server: Http2Server | Http2SecureServer, gate: NonNullable<Http2ServerHooks["onStream"]>): void {
  const listeners = http2Server.listeners("stream") as StreamListener[];
  const [grpc] = listeners;
  if (listeners.length !== 1 || grpc === undefined) {
    throw new Error(`@grpc/grpc-js registered ${listeners.length} stream listeners instead of one: the stream gate cannot be installed`);
  }
  http2Server.removeListener("stream", grpc);
  http2Server.on("stream", function (this: unknown, stream: ServerHttp2Stream, headers: IncomingHttpHeaders, ...rest: unknown[]) {
    if (!gate(stream, headers)) grpc.call(this, stream, headers, ...rest);
  });
}
