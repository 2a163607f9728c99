import type { Socket } from "node:net";
import type { AttackConnection } from "./attack-driver.js";

/** A hostile client's raw socket: the connection the attack driver needs, and a way to write to it. */
export interface AttackSocket extends AttackConnection {
  /**
   * Writes `bytes` and resolves once the socket can take more (backpressure), or once it
   * closes meanwhile; resolves false at once when it can no longer be written to.
   */
  send(bytes: Uint8Array): Promise<boolean>;
}

/**
 * Waits until `socket` has connected (`connected`: `connect`, or `secureConnect` once a
 * TLS handshake is done) and resolves with it as an {@link AttackSocket}; rejects when it
 * cannot connect. From then on its errors are ignored: what an attack counts is that
 * the connection closed.
 */
export async function connectAttackSocket(socket: Socket, connected: "connect" | "secureConnect"): Promise<AttackSocket> {
  await new Promise<void>((resolve, reject) => {
    socket.once(connected, () => resolve());
    socket.once("error", reject);
  });
  socket.on("error", () => undefined);
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    socket.once("close", () => {
      isClosed = true;
      resolve();
    }),
  );
  return {
    closed,
    get isClosed() {
      return isClosed;
    },
    send: (bytes) => sendWhenWritable(socket, bytes),
    destroy: () => socket.destroy(),
  };
}

function sendWhenWritable(socket: Socket, bytes: Uint8Array): Promise<boolean> {
  if (socket.destroyed || !socket.writable) return Promise.resolve(false);
  if (socket.write(bytes)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve(true);
    };
    socket.once("drain", done);
    socket.once("close", done);
  });
}
