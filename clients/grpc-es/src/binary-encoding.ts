import { toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** The protobuf-es binary encoding of `message`, as the Buffer grpc-js sends (a view, not a copy). */
export function encodeBinary<D extends DescMessage>(schema: D, message: MessageShape<D>): Buffer {
  const bytes = toBinary(schema, message);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
