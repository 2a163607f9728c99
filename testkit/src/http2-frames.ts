/**
 * HTTP/2 frames as bytes (RFC 9113 §4.1 and §6), for clients that must send what no
 * HTTP/2 library will: floods, broken sequences, windows that never open. Header blocks
 * use HPACK literals without indexing or Huffman coding (RFC 7541 §6.2.2), which every
 * decoder must accept and which keep each request's bytes independent of the others.
 */

/** The frame types (RFC 9113 §6). */
export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

/** Frame flags (RFC 9113 §6): END_STREAM and ACK share a bit. */
export const FrameFlag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4 } as const;

/** SETTINGS identifiers (RFC 9113 §6.5.2). */
export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** Error codes of RST_STREAM and GOAWAY (RFC 9113 §7). */
export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  ENHANCE_YOUR_CALM: 0xb,
} as const;

/** The connection preface a client sends first (RFC 9113 §3.4). */
export const CLIENT_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** A frame: the 9-byte header (length, type, flags, stream id) and the payload. */
function frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([header, payload]);
}

/** A SETTINGS frame with `entries` ([identifier, value] pairs), or an empty one with ACK. */
export function settingsFrame(entries: ReadonlyArray<readonly [number, number]>, options: { ack?: boolean } = {}): Buffer {
  const payload = Buffer.alloc(entries.length * 6);
  entries.forEach(([id, value], n) => {
    payload.writeUInt16BE(id, n * 6);
    payload.writeUInt32BE(value, n * 6 + 2);
  });
  return frame(FrameType.SETTINGS, options.ack ? FrameFlag.ACK : 0, 0, payload);
}

/** A PING frame carrying 8 bytes of opaque data: `opaque` itself, or a number written big-endian. */
export function pingFrame(opaque: number | Uint8Array, options: { ack?: boolean } = {}): Buffer {
  const payload = Buffer.alloc(8);
  if (typeof opaque === "number") payload.writeBigUInt64BE(BigInt(opaque));
  else payload.set(opaque.subarray(0, 8));
  return frame(FrameType.PING, options.ack ? FrameFlag.ACK : 0, 0, payload);
}

/** A RST_STREAM frame ending stream `streamId` with `errorCode` (default CANCEL). */
export function rstStreamFrame(streamId: number, errorCode: number = ErrorCode.CANCEL): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(errorCode);
  return frame(FrameType.RST_STREAM, 0, streamId, payload);
}

/** A HEADERS frame; END_HEADERS unless `endHeaders` is false (CONTINUATION frames must follow). */
export function headersFrame(streamId: number, block: Uint8Array, options: { endStream?: boolean; endHeaders?: boolean } = {}): Buffer {
  const flags = (options.endStream ? FrameFlag.END_STREAM : 0) | (options.endHeaders === false ? 0 : FrameFlag.END_HEADERS);
  return frame(FrameType.HEADERS, flags, streamId, block);
}

/** A CONTINUATION frame carrying more of a header block; END_HEADERS only when `endHeaders` is true. */
export function continuationFrame(streamId: number, block: Uint8Array, options: { endHeaders?: boolean } = {}): Buffer {
  return frame(FrameType.CONTINUATION, options.endHeaders ? FrameFlag.END_HEADERS : 0, streamId, block);
}

/** A DATA frame. */
export function dataFrame(streamId: number, data: Uint8Array, options: { endStream?: boolean } = {}): Buffer {
  return frame(FrameType.DATA, options.endStream ? FrameFlag.END_STREAM : 0, streamId, data);
}

/** An HPACK integer with an `prefixBits`-bit prefix whose high bits are `high` (RFC 7541 §5.1). */
function hpackInteger(value: number, prefixBits: number, high: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([high | value]);
  const bytes = [high | max];
  let rest = value - max;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** An HPACK string literal without Huffman coding (RFC 7541 §5.2). */
function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, "latin1");
  return Buffer.concat([hpackInteger(bytes.length, 7, 0), bytes]);
}

/**
 * An HPACK header block of `headers` in order, each a literal header field without
 * indexing with a literal name (RFC 7541 §6.2.2): no dynamic table state, so any
 * number of blocks can be sent, cut up or dropped without the decoder losing its place.
 */
export function headerBlock(headers: ReadonlyArray<readonly [string, string]>): Buffer {
  return Buffer.concat(headers.flatMap(([name, value]) => [Buffer.from([0]), hpackString(name), hpackString(value)]));
}

/** The request headers of a gRPC call to `path` (a unary POST over plaintext or TLS), then `extra`. */
export function grpcRequestHeaders(path: string, options: { authority?: string; scheme?: "http" | "https"; extra?: ReadonlyArray<readonly [string, string]> } = {}): Array<readonly [string, string]> {
  return [
    [":method", "POST"],
    [":scheme", options.scheme ?? "http"],
    [":path", path],
    [":authority", options.authority ?? "localhost"],
    ["content-type", "application/grpc"],
    ["te", "trailers"],
    ...(options.extra ?? []),
  ];
}

/** A frame as parsed by {@link createFrameParser}. */
export interface ParsedFrame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

/**
 * Splits a byte stream into frames: feed it every chunk received after the server's
 * part of the connection began, and it calls `onFrame` for each complete frame.
 */
export function createFrameParser(onFrame: (frame: ParsedFrame) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= 9) {
      const length = pending.readUIntBE(offset, 3);
      if (pending.length - offset < 9 + length) break;
      onFrame({
        type: pending[offset + 3] as number,
        flags: pending[offset + 4] as number,
        streamId: pending.readUInt32BE(offset + 5) & 0x7fffffff,
        payload: pending.subarray(offset + 9, offset + 9 + length),
      });
      offset += 9 + length;
    }
    pending = pending.subarray(offset);
  };
}
