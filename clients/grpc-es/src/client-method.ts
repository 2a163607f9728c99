import { create, fromBinary, type DescMessage, type DescMethod, type DescService, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { status as Status } from "@grpc/grpc-js";
import { encodeBinary } from "./binary-encoding.js";
import { GrpcError } from "./grpc-error.js";
import type { RequestValidation } from "./request-validation.js";
import { rpcPath } from "./service-definition.js";

/** What the client needs to call one method, made once per method: its RPC path and its message codec. */
export interface ClientMethod {
  /** `/${serviceName}/${method.name}`. */
  readonly path: string;
  /**
   * The request's protobuf-es binary encoding; throws a {@link GrpcError}
   * `INVALID_ARGUMENT` when it cannot be encoded, or when `validation` finds that the
   * one request of a unary or server-streaming call breaks the contract's rules.
   */
  readonly encodeRequest: (request: MessageInitShape<DescMessage>) => Buffer;
  /** Decodes response bytes with protobuf-es. */
  readonly decodeResponse: (bytes: Buffer) => Message;
}

/**
 * The path and codec of `method` for a client, straight from protobuf-es (`create`,
 * `toBinary`, `fromBinary`); `serviceName` replaces the proto's service name in the
 * path; `validation`, when given, checks the request of a method that takes one before
 * it is encoded. The messages of a request stream are left to the server, which may
 * answer them one by one (as BatchRecommend does) rather than end the call.
 */
export function createClientMethod(
  service: DescService,
  method: DescMethod,
  serviceName: string | undefined,
  validation: RequestValidation | undefined,
): ClientMethod {
  const check = method.methodKind === "unary" || method.methodKind === "server_streaming" ? validation : undefined;
  return {
    path: rpcPath(service, method, { serviceName }),
    encodeRequest(request) {
      let message: Message;
      try {
        message = create(method.input, request);
      } catch (error) {
        throw unencodable(method, error);
      }
      const invalid = check?.check(method.input, message);
      if (invalid !== undefined) throw invalid;
      try {
        return encodeBinary(method.input, message);
      } catch (error) {
        throw unencodable(method, error);
      }
    },
    decodeResponse: (bytes) => fromBinary(method.output, bytes),
  };
}

function unencodable(method: DescMethod, error: unknown): GrpcError {
  const reason = error instanceof Error ? error.message : String(error);
  return new GrpcError(Status.INVALID_ARGUMENT, `invalid ${method.input.typeName}: ${reason}`, { cause: error });
}
