import { fromBinary, type DescMethod, type DescService, type Message } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { encodeBinary } from "./binary-encoding.js";
import { streamFlags } from "./method-kind.js";
import { tolerantDeserializer } from "./undecodable-request.js";

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
 * Turns a protobuf-es service descriptor into a grpc-js `ServiceDefinition`: one
 * entry per method, keyed by its local (camelCase) name, with the path
 * `/${typeName}/${method.name}` and protobuf-es binary serializers; all four method
 * kinds are described. Request bytes that do not decode never make grpc-js answer
 * `INTERNAL`: the request deserializer hands on a stand-in that the handlers of
 * {@link createServiceImplementation} answer `INVALID_ARGUMENT`
 * "malformed <request type>: …".
 */
export function createServiceDefinition(
  service: DescService,
  options: ServiceDefinitionOptions = {},
): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: rpcPath(service, method, options),
      originalName: method.localName,
      ...streamFlags(method),
      requestSerialize: (message) => encodeBinary(method.input, message),
      requestDeserialize: tolerantDeserializer((bytes) => fromBinary(method.input, bytes), method.input.typeName),
      responseSerialize: (message) => encodeBinary(method.output, message),
      responseDeserialize: (bytes) => fromBinary(method.output, bytes),
    };
  }
  return definition;
}

/** The RPC path of `method`: `/${serviceName}/${method.name}`, the service name defaulting to the proto's `typeName`. */
export function rpcPath(service: DescService, method: DescMethod, options: ServiceDefinitionOptions = {}): string {
  return `/${options.serviceName ?? service.typeName}/${method.name}`;
}
