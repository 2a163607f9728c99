import type { DescMethod } from "@bufbuild/protobuf";
import { badRequestDetail, errorInfoDetail, GrpcError, Status } from "@onlinebooks/grpc-es";
import { ERROR_DOMAIN, ErrorReason } from "@onlinebooks/recommendations-v2";
import type { Logger } from "pino";
import { DomainError, type DomainErrorKind } from "../domain/domain-error.js";

const STATUS_OF: Readonly<Record<DomainErrorKind, Status>> = {
  "invalid-argument": Status.INVALID_ARGUMENT,
  "not-found": Status.NOT_FOUND,
};

/**
 * The one place errors become gRPC statuses: a {@link DomainError} keeps its message
 * under the status of its kind, with `google.rpc.Status` details — an ErrorInfo of its
 * reason and metadata and, for an invalid argument, a BadRequest naming its field;
 * anything else is a bug, logged with its stack and answered `INTERNAL` "internal
 * error" (reason `INTERNAL_ERROR`) so nothing about it leaks to the caller.
 */
export function createErrorMapper(logger: Logger): (error: unknown, method: DescMethod) => GrpcError {
  return (error, method) => {
    if (error instanceof DomainError) {
      const errorInfo = errorInfoDetail({ reason: error.reason, domain: ERROR_DOMAIN, metadata: { ...error.metadata } });
      const statusDetails =
        error.kind === "invalid-argument"
          ? [errorInfo, badRequestDetail([{ field: error.field ?? "", description: error.description, reason: error.reason }])]
          : [errorInfo];
      return new GrpcError(STATUS_OF[error.kind], error.message, { cause: error, statusDetails });
    }
    logger.error({ err: error, rpc: `${method.parent.typeName}/${method.name}` }, "handler failed");
    return new GrpcError(Status.INTERNAL, "internal error", {
      cause: error,
      statusDetails: [errorInfoDetail({ reason: ErrorReason.INTERNAL_ERROR, domain: ERROR_DOMAIN })],
    });
  };
}
