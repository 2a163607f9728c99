import type { Socket } from "node:net";

/**
 * Writes `bytes` to `socket` and resolves once it can take more (backpressure), or once
 * it closes meanwhile; resolves false at once when it can no longer be written to.
 */
export function sendWhenWritable(socket: Socket, bytes: Uint8Array): Promise<boolean> {
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
