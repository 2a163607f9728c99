import { fromBinary, toBinary, type DescMessage, type DescMethod, type DescService, type Message } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

/** Options of {@link createServiceDefinition}. */
export interface ServiceDefinitionOptions {
  /**
   * The service name used in RPC paths instead of the fully qualified proto name, for
   * example `"Recommendations"` to serve `/Recommendations/Recommend` for clients
   * generated from a contract that had no package.
   */
  serviceName?: string;
}

/**
 * A request whose bytes could not be decoded. A server-side deserializer returns it
 * instead of throwing, so the handler adapter can answer INVALID_ARGUMENT (grpc-js
 * itself would answer INTERNAL, which blames the server).
 */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

/**
 * Turns a protobuf-es service descriptor into a grpc-js `ServiceDefinition`: one
 * entry per method, keyed by its local (camelCase) name, with the path
 * `/${typeName}/${method.name}` and protobuf-es binary serializers. Usable with
 * `server.addService()` and with grpc-js clients; all four method kinds are described.
 */
export function createServiceDefinition(
  service: DescService,
  options: ServiceDefinitionOptions = {},
): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    const entry: MethodDefinition<Message, Message> = {
      path: rpcPath(service, method, options),
      originalName: method.localName,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: (message) => toBuffer(toBinary(method.input, message)),
      requestDeserialize: (bytes) => decodeRequest(method.input, bytes),
      responseSerialize: (message) => toBuffer(toBinary(method.output, message)),
      responseDeserialize: (bytes) => fromBinary(method.output, bytes),
    };
    definition[method.localName] = entry;
  }
  return definition;
}

/** The RPC path of `method`: `/${serviceName}/${method.name}`, the service name defaulting to the proto's `typeName`. */
export function rpcPath(service: DescService, method: DescMethod, options: ServiceDefinitionOptions = {}): string {
  return `/${options.serviceName ?? service.typeName}/${method.name}`;
}

function decodeRequest(schema: DescMessage, bytes: Buffer): Message {
  try {
    return fromBinary(schema, bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // grpc-js passes whatever the deserializer returns to the handler; the handler
    // adapter recognises this marker before the request reaches user code.
    return new MalformedRequest(reason) as unknown as Message;
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
