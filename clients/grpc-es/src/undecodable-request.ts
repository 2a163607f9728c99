import { status as Status } from "@grpc/grpc-js";

/**
 * Stands in for a request message whose bytes could not be decoded. A server-side
 * deserializer returns it instead of throwing (grpc-js would answer a throw with
 * `INTERNAL`, which blames the server for a broken client); whoever receives it in
 * place of the message answers the call with {@link undecodableRequestStatus}.
 */
class UndecodableRequest {
  constructor(readonly details: string) {}
}

const tolerantDeserializers = new WeakSet<(bytes: Buffer) => unknown>();

/**
 * Wraps a request deserializer so that it never throws: bytes it rejects become an
 * {@link UndecodableRequest} whose details read `malformed ${what}: ${reason}`.
 * Wrapping a deserializer this function made returns it unchanged.
 */
export function tolerantDeserializer<T>(deserialize: (bytes: Buffer) => T, what: string): (bytes: Buffer) => T {
  if (isTolerant(deserialize)) return deserialize;
  const tolerant = (bytes: Buffer): T => {
    try {
      return deserialize(bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // grpc-js hands on whatever the deserializer returns; the receiver recognises the marker.
      return new UndecodableRequest(`malformed ${what}: ${reason}`) as T;
    }
  };
  tolerantDeserializers.add(tolerant);
  return tolerant;
}

/** Whether `deserialize` was made by {@link tolerantDeserializer}, so it never throws. */
export function isTolerant(deserialize: (bytes: Buffer) => unknown): boolean {
  return tolerantDeserializers.has(deserialize);
}

/**
 * The status that answers a call whose request `message` is an undecodable one:
 * `INVALID_ARGUMENT` with the details `malformed <message type>: <reason>`; undefined
 * for a real message.
 */
export function undecodableRequestStatus(message: unknown): { code: Status; details: string } | undefined {
  return message instanceof UndecodableRequest ? { code: Status.INVALID_ARGUMENT, details: message.details } : undefined;
}
