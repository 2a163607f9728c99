import { create, fromBinary, type DescMessage, type DescMethod, type DescService, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { status as Status } from "@grpc/grpc-js";
import { encodeBinary } from "./binary-encoding.js";
import { GrpcError } from "./grpc-error.js";
import { rpcPath } from "./service-definition.js";

/** What the client needs to call one method, made once per method: its RPC path and its message codec. */
export interface ClientMethod {
  /** `/${serviceName}/${method.name}`. */
  readonly path: string;
  /** The request's protobuf-es binary encoding; throws a {@link GrpcError} `INVALID_ARGUMENT` when it cannot be encoded. */
  readonly encodeRequest: (request: MessageInitShape<DescMessage>) => Buffer;
  /** Decodes response bytes with protobuf-es. */
  readonly decodeResponse: (bytes: Buffer) => Message;
}

/**
 * The path and codec of `method` for a client, straight from protobuf-es (`create`,
 * `toBinary`, `fromBinary`); `serviceName` replaces the proto's service name in the path.
 */
export function createClientMethod(service: DescService, method: DescMethod, serviceName: string | undefined): ClientMethod {
  return {
    path: rpcPath(service, method, { serviceName }),
    encodeRequest(request) {
      try {
        return encodeBinary(method.input, create(method.input, request));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new GrpcError(Status.INVALID_ARGUMENT, `invalid ${method.input.typeName}: ${reason}`, { cause: error });
      }
    },
    decodeResponse: (bytes) => fromBinary(method.output, bytes),
  };
}
