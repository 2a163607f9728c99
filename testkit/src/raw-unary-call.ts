import { Client, credentials, Metadata, status, type handleUnaryCall, type Server, type StatusObject } from "@grpc/grpc-js";

/** Passes the bytes through: the (de)serialiser of a call that sends and receives encoded messages. */
const identity = (bytes: Buffer): Buffer => bytes;

/** Options of {@link rawUnaryCall}. */
export interface RawUnaryCallOptions {
  /** The call's deadline, this long from now; default 5000 ms. */
  readonly deadlineMs?: number;
}

/**
 * One unary call of the method at `path` on `client` with identity serialisers: sends
 * `request` (an encoded message; grpc-js frames it) and resolves with the encoded
 * response, or rejects with the grpc-js `ServiceError` of a call that did not end OK.
 */
export function rawUnaryCall(client: Client, path: string, request: Uint8Array, options: RawUnaryCallOptions = {}): Promise<Buffer> {
  const deadline = Date.now() + (options.deadlineMs ?? 5000);
  const bytes = Buffer.isBuffer(request) ? request : Buffer.from(request.buffer, request.byteOffset, request.byteLength);
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, identity, identity, bytes, new Metadata(), { deadline }, (error, value) =>
      error || value === undefined ? reject(error ?? new Error("no response")) : resolve(value),
    ),
  );
}

/**
 * Sends `bytes` as the request message of the unary method `path` at `address`
 * (plaintext) with {@link rawUnaryCall}, on a client of its own (closed afterwards),
 * the way a broken or hostile client could, deadline `timeoutMs` (default 5000) away.
 * Resolves with the status the call ended with; never rejects.
 */
export async function sendRawUnary(
  address: string,
  path: string,
  bytes: Uint8Array,
  options: { readonly timeoutMs?: number } = {},
): Promise<Pick<StatusObject, "code" | "details">> {
  const client = new Client(address, credentials.createInsecure());
  try {
    await rawUnaryCall(client, path, bytes, { deadlineMs: options.timeoutMs ?? 5000 });
    return { code: status.OK, details: "" };
  } catch (error) {
    const { code, details } = error as Partial<StatusObject>;
    return { code: code ?? status.UNKNOWN, details: details ?? String(error) };
  } finally {
    client.close();
  }
}

/**
 * Adds the unary method at `path` to `server` with identity serialisers: `handler`
 * gets the request bytes undecoded (`call.request`) and answers with encoded bytes.
 * For stand-in servers that answer pre-encoded or hand-built messages.
 */
export function addRawUnaryMethod(server: Server, path: string, handler: handleUnaryCall<Buffer, Buffer>): void {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const method = { path, requestStream: false, responseStream: false, originalName: name };
  server.addService(
    { [name]: { ...method, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    { [name]: handler },
  );
}
