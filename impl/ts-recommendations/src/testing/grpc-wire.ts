import { connect, type IncomingHttpHeaders } from "node:http2";
import { Client, credentials, Metadata, status, type StatusObject } from "@grpc/grpc-js";

/** What a raw gRPC call ended with, as seen on the wire. */
export interface RawCallResult {
  /** The HTTP `:status` (200 for any gRPC answer), undefined when none arrived. */
  readonly httpStatus: number | undefined;
  /** The `grpc-status` (headers or trailers) as a number, undefined when none arrived. */
  readonly grpcStatus: number | undefined;
  /** The percent-decoded `grpc-message`, or "". */
  readonly grpcMessage: string;
  /** Bytes of response body received. */
  readonly bodyBytes: number;
  /** The stream error code (e.g. `ERR_HTTP2_STREAM_ERROR`) when the stream broke. */
  readonly streamError: string | undefined;
  /** True when nothing ended the call within 5 s, so the client gave up. */
  readonly timedOut: boolean;
}

/** Options of {@link callRaw}. */
export interface RawCallOptions {
  /** Extra request headers (e.g. `grpc-encoding`), overriding the defaults. */
  readonly headers?: Record<string, string>;
}

/**
 * Sends `body` as the raw HTTP/2 request body of a gRPC call to `path` on a fresh
 * plaintext connection (`content-type: application/grpc`, `te: trailers`), the way a
 * broken or hostile client could, and reports how the call ended (giving up after 5 s).
 * Never rejects.
 */
export async function callRaw(address: string, path: string, body: Uint8Array, options: RawCallOptions = {}): Promise<RawCallResult> {
  const session = connect(`http://${address}`);
  session.on("error", () => undefined);
  const fields: IncomingHttpHeaders = {};
  let bodyBytes = 0;
  let streamError: string | undefined;
  let timedOut = false;
  try {
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers", ...options.headers });
    stream.on("response", (headers) => Object.assign(fields, headers));
    stream.on("trailers", (trailers) => Object.assign(fields, trailers));
    stream.on("data", (chunk: Buffer) => (bodyBytes += chunk.length));
    stream.on("error", (error: NodeJS.ErrnoException) => (streamError = error.code ?? error.message));
    const limit = setTimeout(() => {
      timedOut = true;
      stream.close();
    }, 5000);
    stream.end(body);
    await new Promise((resolve) => stream.on("close", resolve));
    clearTimeout(limit);
  } finally {
    session.destroy();
  }
  const status = fields["grpc-status"];
  const message = fields["grpc-message"];
  return {
    httpStatus: fields[":status"] === undefined ? undefined : Number(fields[":status"]),
    grpcStatus: status === undefined ? undefined : Number(status),
    grpcMessage: typeof message === "string" ? decodeURIComponent(message) : "",
    bodyBytes,
    streamError,
    timedOut,
  };
}

/**
 * Sends `bytes` as the request message of the unary method `path` through grpc-js with
 * identity serializers (grpc-js frames it), the way a broken or hostile client could, on a
 * fresh client with a deadline `timeoutMs` (default 5000) away. Resolves with the status.
 */
export function sendRawUnary(address: string, path: string, bytes: Buffer, options: { readonly timeoutMs?: number } = {}): Promise<Pick<StatusObject, "code" | "details">> {
  const client = new Client(address, credentials.createInsecure());
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  return new Promise((resolve) =>
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, bytes, new Metadata(), { deadline }, (error) => {
      client.close();
      resolve(error ?? { code: status.OK, details: "" });
    }),
  );
}

/** A gRPC length-prefixed message: compressed flag, 4-byte big-endian length, bytes. `declaredLength` may lie. */
export function grpcFrame(message: Uint8Array, options: { compressed?: boolean; declaredLength?: number } = {}): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = options.compressed ? 1 : 0;
  prefix.writeUInt32BE(options.declaredLength ?? message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Protobuf wire-format pieces for hand-made (and deliberately wrong) messages. */
export const wire = {
  /** A base-128 varint; negative numbers as 10-byte two's complement, as int32 fields are sent. */
  varint(value: number | bigint): Buffer {
    let rest = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    return Buffer.from(bytes);
  },
  /** A varint field. */
  int(field: number, value: number | bigint): Buffer {
    return Buffer.concat([wire.varint(field * 8), wire.varint(value)]);
  },
  /** A length-delimited field (string, bytes, message or packed repeated). */
  bytes(field: number, payload: Uint8Array | string): Buffer {
    const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
    return Buffer.concat([wire.varint(field * 8 + 2), wire.varint(data.length), data]);
  },
};
