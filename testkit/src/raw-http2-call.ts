import { connect, type IncomingHttpHeaders } from "node:http2";

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
 * Frame well-formed bodies with `grpcFrame`. Never rejects.
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
