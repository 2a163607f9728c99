import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { driveAttack, flood, type AttackCounts } from "./attack-driver.js";
import { connectAttackSocket, type AttackSocket } from "./attack-socket.js";

/** The attacks {@link runHttp1Attack} knows. */
export const HTTP1_ATTACKS = ["idle-connections", "slow-headers", "huge-headers", "unread-responses"] as const;
/** One of {@link HTTP1_ATTACKS}. */
export type Http1AttackName = (typeof HTTP1_ATTACKS)[number];

/** Options of {@link runHttp1Attack}. */
export interface Http1AttackOptions {
  /** The server's port on 127.0.0.1 (attack traffic never leaves the machine). */
  readonly port: number;
  /** The path the attack requests, e.g. `/`. */
  readonly path: string;
  /** How long the attack goes on, in milliseconds. */
  readonly durationMs: number;
  /** Connections the attack holds at once (default per attack: 500 idle, 200 slow, 1 huge, 200 unread). */
  readonly connections?: number;
}

/** What one attack did and how the server answered it. */
export interface Http1AttackReport extends AttackCounts {
  readonly attack: Http1AttackName;
  /** What `sent` counts. */
  readonly unit: string;
  /** Responses received, by status code. */
  readonly statuses: Record<string, number>;
}

/** A raw HTTP/1.1 connection that writes whatever it is given. */
interface RawHttp1Connection extends AttackSocket {
  /** Responses read, by status code (none when the connection does not read). */
  readonly statuses: Record<string, number>;
}

/** Largest number of units any attack sends. */
const MAX_UNITS = 1_000_000;

/** The start of a response, `HTTP/1.1 200 `, and its length. */
const STATUS_LINE = /HTTP\/1\.1 (\d{3}) /g;
const STATUS_LINE_LENGTH = "HTTP/1.1 200 ".length;

async function openConnection(port: number, read: boolean): Promise<RawHttp1Connection> {
  const socket = connect({ host: "127.0.0.1", port });
  const connection = await connectAttackSocket(socket, "connect");
  const statuses: Record<string, number> = {};
  if (read) {
    // A status line cut between chunks is matched once whole: the tail carried over is one
    // character shorter than a status line, so it never holds one already counted.
    let tail = "";
    socket.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString("latin1");
      for (const match of text.matchAll(STATUS_LINE)) statuses[match[1] as string] = (statuses[match[1] as string] ?? 0) + 1;
      tail = text.slice(-(STATUS_LINE_LENGTH - 1));
    });
  } else socket.pause();
  // Object.assign, not a spread: it keeps the `isClosed` getter.
  return Object.assign(connection, { statuses });
}

/**
 * Runs one hostile-client attack on a loopback HTTP/1.1 server for `durationMs`,
 * bounded in count too, reconnecting whenever the server closes a connection, and
 * reports what it sent and the statuses that came back:
 *
 * - `idle-connections`: 500 connections that never send a byte.
 * - `slow-headers`: 200 connections that send a request head one header line every half second, never finishing it (slowloris).
 * - `huge-headers`: requests with a 9 KiB header or 2000 headers, back to back.
 * - `unread-responses`: 200 connections that pipeline four requests each and never read an answer.
 */
export async function runHttp1Attack(name: Http1AttackName, options: Http1AttackOptions): Promise<Http1AttackReport> {
  const head = (lines: readonly string[]): Buffer => Buffer.from([`GET ${options.path} HTTP/1.1`, "Host: 127.0.0.1", ...lines, "", ""].join("\r\n"), "latin1");
  const plans: Record<Http1AttackName, { unit: string; connections: number; read: boolean; abuse: (c: RawHttp1Connection, running: () => boolean) => Promise<number> }> = {
    "idle-connections": { unit: "idle connections", connections: 500, read: true, abuse: async () => 1 },
    "slow-headers": {
      unit: "header lines trickled",
      connections: 200,
      read: true,
      abuse: async (connection, running) => {
        let sent = 0;
        if (!(await connection.send(Buffer.from(`GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, "latin1")))) return 0;
        while (running()) {
          await sleep(500);
          if (!(await connection.send(Buffer.from(`X-Slow-${sent}: ${sent}\r\n`, "latin1")))) break;
          sent += 1;
        }
        return sent;
      },
    },
    "huge-headers": {
      unit: "requests with huge headers",
      connections: 1,
      read: true,
      abuse: (connection, running) => {
        let n = 0;
        const big = head([`X-Filler: ${"a".repeat(9 * 1024)}`]);
        const many = head(Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`));
        return flood(connection.send, running, 1, () => (n++ % 2 === 0 ? big : many));
      },
    },
    "unread-responses": {
      unit: "requests never read",
      connections: 200,
      read: false,
      // Within the rules (four requests at once is as deep as the marketplace lets a
      // connection pipeline): the answers pile up on connections that never read.
      abuse: async (connection) => ((await connection.send(Buffer.concat(Array.from({ length: 4 }, () => head([]))))) ? 4 : 0),
    },
  };
  const plan = plans[name];
  const statuses: Record<string, number> = {};
  const counts = await driveAttack({
    connections: options.connections ?? plan.connections,
    durationMs: options.durationMs,
    maxUnits: MAX_UNITS,
    open: () => openConnection(options.port, plan.read),
    abuse: plan.abuse,
    done: (connection) => {
      for (const [status, count] of Object.entries(connection.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    },
  });
  return { attack: name, unit: plan.unit, ...counts, statuses };
}
