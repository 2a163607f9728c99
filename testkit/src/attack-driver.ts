import { setTimeout as sleep } from "node:timers/promises";

/** What every attack reports, whatever its protocol. */
export interface AttackCounts {
  /** Units of abuse written to the server (what a unit is, the attack says). */
  sent: number;
  /** Connections opened, counting reconnections after the server closed one. */
  connections: number;
  /** Connections the server closed before the attack ended. */
  closedByServer: number;
  /** Connections that could not be opened at all. */
  refusedConnections: number;
}

/** A hostile client's connection, as the driver needs it. */
export interface AttackConnection {
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;
  /** True once it has closed. */
  readonly isClosed: boolean;
  /** Closes it at once. */
  destroy(): void;
}

/** Options of {@link driveAttack}. */
export interface DriveAttackOptions<C extends AttackConnection> {
  /** Connections held at once. */
  readonly connections: number;
  /** How long the attack goes on, in milliseconds. */
  readonly durationMs: number;
  /** Largest number of units sent in all: the count bound. */
  readonly maxUnits: number;
  /** Opens the `n`th connection (from 0); rejects when it cannot. */
  readonly open: (n: number) => Promise<C>;
  /** The abuse one connection commits while `running()` holds; resolves with the units sent. */
  readonly abuse: (connection: C, running: () => boolean) => Promise<number>;
  /** Told about each connection once it is done with, to collect what came back. */
  readonly done?: (connection: C) => void;
}

/**
 * Runs an attack as a real attacker would: `connections` at once, each committing its
 * abuse and then held open until the time is up, and reopened whenever the server
 * closes it first. Bounded in time (`durationMs`) and count (`maxUnits`); every
 * connection is closed when it resolves.
 */
export async function driveAttack<C extends AttackConnection>(options: DriveAttackOptions<C>): Promise<AttackCounts> {
  const counts: AttackCounts = { sent: 0, connections: 0, closedByServer: 0, refusedConnections: 0 };
  const endsAt = performance.now() + options.durationMs;
  const running = (): boolean => performance.now() < endsAt && counts.sent < options.maxUnits;
  const open = new Set<C>();
  const slot = async (): Promise<void> => {
    while (running()) {
      let connection: C;
      try {
        connection = await options.open(counts.connections + counts.refusedConnections);
      } catch {
        counts.refusedConnections += 1;
        await sleep(50);
        continue;
      }
      counts.connections += 1;
      open.add(connection);
      // Not `counts.sent += await …`: that would read the sum before the other connections add to it.
      const sent = await options.abuse(connection, () => running() && !connection.isClosed);
      counts.sent += sent;
      // Hold the connection until the time is up, unless the server closes it first.
      await Promise.race([connection.closed, sleep(Math.max(0, endsAt - performance.now()))]);
      if (connection.isClosed && performance.now() < endsAt) counts.closedByServer += 1;
      options.done?.(connection);
      connection.destroy();
      open.delete(connection);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, slot));
  } finally {
    for (const connection of open) connection.destroy();
  }
  return counts;
}

/** Writes `batch()` until stopped or the connection closes, yielding to the event loop between writes; resolves with the units sent. */
export async function flood(send: (bytes: Uint8Array) => Promise<boolean>, running: () => boolean, perBatch: number, batch: () => Uint8Array): Promise<number> {
  let sent = 0;
  while (running()) {
    if (!(await send(batch()))) break;
    sent += perBatch;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}
