import type { DescMethod } from "@bufbuild/protobuf";
import { status as Status, type Metadata } from "@grpc/grpc-js";
import { GrpcError } from "./grpc-error.js";

/** Turns an error a handler threw that is not a {@link GrpcError} into one (see `ServiceImplementationOptions.mapError`). */
export type ErrorMapper = (error: unknown, method: DescMethod) => GrpcError;

/** The default {@link ErrorMapper}: `INTERNAL` "internal error", so nothing about the failure leaks to the caller. */
export const hideInternalError: ErrorMapper = () => new GrpcError(Status.INTERNAL, "internal error");

/**
 * The one place a handler's failure becomes the status a caller receives: a
 * {@link GrpcError} as it is, its `google.rpc.Status` details included, anything else
 * through `mapError` (and `INTERNAL` if `mapError` itself throws). The same for every
 * method kind.
 */
export function statusOfFailure(error: unknown, method: DescMethod, mapError: ErrorMapper): { code: Status; details: string; metadata: Metadata } {
  return toGrpcError(error, method, mapError).toStatus();
}

function toGrpcError(error: unknown, method: DescMethod, mapError: ErrorMapper): GrpcError {
  if (error instanceof GrpcError) return error;
  try {
    return mapError(error, method);
  } catch {
    return hideInternalError(error, method);
  }
}
