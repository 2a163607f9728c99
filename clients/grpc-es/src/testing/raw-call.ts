import { Client, credentials, Metadata, type ServiceError, type StatusObject } from "@grpc/grpc-js";

const asIs = (bytes: Buffer): Buffer => bytes;

/** Sends `bytes` as the request message of a unary call to `path`; resolves with the call's error, or null when it succeeded. */
export function sendRawUnary(address: string, path: string, bytes: Buffer): Promise<ServiceError | null> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, asIs, asIs, bytes, new Metadata(), {}, (error) => {
      client.close();
      resolve(error);
    });
  });
}

/** Sends each of `messages` as a request message of a bidi-streaming call to `path`, then half-closes; resolves with the final status. */
export function sendRawStream(address: string, path: string, messages: readonly Buffer[]): Promise<StatusObject> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise((resolve) => {
    const call = client.makeBidiStreamRequest(path, asIs, asIs);
    call.on("data", () => undefined);
    call.on("error", () => undefined);
    call.on("status", (status: StatusObject) => {
      client.close();
      resolve(status);
    });
    for (const message of messages) call.write(message);
    call.end();
  });
}
