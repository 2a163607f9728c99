/** Options of {@link grpcFrame}, for deliberately odd frames. */
export interface GrpcFrameOptions {
  /** Sets the compressed flag (the bytes are sent as given). */
  readonly compressed?: boolean;
  /** The length written in the prefix instead of the message's own; may lie. */
  readonly declaredLength?: number;
}

/**
 * A gRPC length-prefixed message, as it travels in an HTTP/2 request or response body:
 * the compressed flag (one byte), the length (4 bytes, big-endian), the message bytes.
 */
export function grpcFrame(message: Uint8Array, options: GrpcFrameOptions = {}): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = options.compressed ? 1 : 0;
  prefix.writeUInt32BE(options.declaredLength ?? message.length, 1);
  return Buffer.concat([prefix, message]);
}
