import type { DescMethod } from "@bufbuild/protobuf";
import { GrpcError, Status } from "@onlinebooks/grpc-es";
import type { Logger } from "pino";
import { DomainError, type DomainErrorKind } from "../domain/domain-error.js";

const STATUS_OF: Readonly<Record<DomainErrorKind, Status>> = {
  "invalid-argument": Status.INVALID_ARGUMENT,
  "not-found": Status.NOT_FOUND,
};

/**
 * The one place errors become gRPC statuses: a {@link DomainError} keeps its message
 * under the status of its kind; anything else is a bug, logged with its stack and
 * answered `INTERNAL` "internal error" so nothing about it leaks to the caller.
 */
export function createErrorMapper(logger: Logger): (error: unknown, method: DescMethod) => GrpcError {
  return (error, method) => {
    if (error instanceof DomainError) return new GrpcError(STATUS_OF[error.kind], error.message, { cause: error });
    logger.error({ err: error, rpc: `${method.parent.typeName}/${method.name}` }, "handler failed");
    return new GrpcError(Status.INTERNAL, "internal error", { cause: error });
  };
}
