import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";

/** Passes the bytes through: the (de)serializer of a call that sends and receives encoded messages. */
export const identity = (bytes: Buffer): Buffer => bytes;

/** One unary call of `path` on `client` with the encoded `request`; resolves with the encoded response. */
export function rawUnaryCall(client: Client, path: string, request: Buffer, deadlineMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, identity, identity, request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, value) =>
      error || value === undefined ? reject(error ?? new Error("no response")) : resolve(value),
    ),
  );
}

/**
 * One call of `path` with the encoded `message` to 127.0.0.1:`port` on a channel of
 * its own (closed afterwards), deadline 10 s; rejects naming the path, port and status
 * unless it answers OK.
 */
export async function callOnce(port: number, path: string, message: Uint8Array): Promise<void> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    await rawUnaryCall(client, path, Buffer.from(message), 10_000);
  } catch (error) {
    const { code, details } = error as Partial<ServiceError>;
    throw new Error(`${path} on port ${port} answered ${code === undefined ? "nothing" : status[code]}: ${details ?? String(error)}`);
  } finally {
    client.close();
  }
}
