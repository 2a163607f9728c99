import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { CLIENT_PREFACE, createFrameParser, FrameFlag, FrameType, pingFrame, settingsFrame } from "./http2-frames.js";
import { connectAttackSocket, type AttackSocket } from "./attack-socket.js";

/** Where a raw HTTP/2 client connects: 127.0.0.1 or ::1 only, plaintext or TLS. */
export interface Http2Target {
  /** `127.0.0.1` (default) or `::1`: attack traffic never leaves the machine. */
  readonly host?: "127.0.0.1" | "::1";
  /** The server's port. */
  readonly port: number;
  /**
   * TLS (ALPN `h2`) with this CA (a Buffer, or the plain Uint8Array a Buffer becomes when
   * posted to a worker thread), or with no certificate check when `ca` is absent;
   * plaintext when undefined.
   */
  readonly tls?: { readonly ca?: Uint8Array; readonly servername?: string };
}

/** Options of {@link openRawHttp2Connection}. */
export interface RawHttp2ConnectionOptions {
  /** SETTINGS of the client's first frame; default none (the protocol's defaults). */
  readonly settings?: ReadonlyArray<readonly [number, number]>;
  /** Send the client preface and SETTINGS; false leaves the connection silent after connecting (and the TLS handshake). Default true. */
  readonly preface?: boolean;
}

/** What the server did to one raw connection. */
export interface RawHttp2Stats {
  /** Frames received, by type name (`HEADERS`, `RST_STREAM`, `GOAWAY`, …). */
  readonly frames: Record<string, number>;
  /** The settings the server announced (identifier → value), as its SETTINGS frames arrived. */
  readonly serverSettings: Record<number, number>;
  /** The error code of the server's first GOAWAY, if it sent one. */
  goawayCode: number | undefined;
}

/** A connection that writes whatever frames it is given (`send`), and counts what came back. */
export interface RawHttp2Connection extends AttackSocket {
  /** Counters of what came back. */
  readonly stats: RawHttp2Stats;
  /** Resolves when the server's first SETTINGS frame has arrived. */
  readonly settingsReceived: Promise<void>;
}

const TYPE_NAMES = Object.fromEntries(Object.entries(FrameType).map(([name, type]) => [type, name]));

/**
 * Opens a TCP (or TLS, ALPN `h2`) connection to a loopback HTTP/2 server, sends the
 * client preface and SETTINGS, and from then on writes only the bytes it is given — the
 * way a hostile client would. It reads all the server sends, answering its SETTINGS and PINGs.
 * Resolves once connected (and the TLS handshake is done); rejects when that fails.
 */
export async function openRawHttp2Connection(target: Http2Target, options: RawHttp2ConnectionOptions = {}): Promise<RawHttp2Connection> {
  const host = target.host ?? "127.0.0.1";
  const { tls } = target;
  const ca = tls?.ca && Buffer.from(tls.ca.buffer, tls.ca.byteOffset, tls.ca.byteLength);
  const socket: Socket = tls
    ? connectTls({ host, port: target.port, ALPNProtocols: ["h2"], ca, servername: tls.servername ?? "localhost", rejectUnauthorized: ca !== undefined })
    : connectTcp({ host, port: target.port });
  const connection = await connectAttackSocket(socket, tls ? "secureConnect" : "connect");
  const { send } = connection;
  const stats: RawHttp2Stats = { frames: {}, serverSettings: {}, goawayCode: undefined };
  let settingsArrived!: () => void;
  const settingsReceived = new Promise<void>((resolve) => (settingsArrived = resolve));
  const parse = createFrameParser((frame) => {
    const name = TYPE_NAMES[frame.type] ?? `type ${frame.type}`;
    stats.frames[name] = (stats.frames[name] ?? 0) + 1;
    const ack = (frame.flags & FrameFlag.ACK) !== 0;
    if (frame.type === FrameType.SETTINGS && !ack) {
      for (let offset = 0; offset + 6 <= frame.payload.length; offset += 6) stats.serverSettings[frame.payload.readUInt16BE(offset)] = frame.payload.readUInt32BE(offset + 2);
      void send(settingsFrame([], { ack: true }));
      settingsArrived();
    }
    if (frame.type === FrameType.PING && !ack) void send(pingFrame(frame.payload, { ack: true }));
    if (frame.type === FrameType.GOAWAY) stats.goawayCode ??= frame.payload.readUInt32BE(4);
  });
  socket.on("data", parse);
  if (options.preface !== false) await send(Buffer.concat([CLIENT_PREFACE, settingsFrame(options.settings ?? [])]));
  // Object.assign, not a spread: it keeps the `isClosed` getter.
  return Object.assign(connection, { stats, settingsReceived });
}
