import { Metadata, status as Status } from "@grpc/grpc-js";

/**
 * The one error type of @onlinebooks/grpc-es: a failed call with its numeric gRPC
 * status `code` (see `Status`), the server's `details` text and the trailing
 * `metadata`. Clients reject with it; server handlers throw it to choose the status
 * a caller receives.
 */
export class GrpcError extends Error {
  override readonly name = "GrpcError";
  /** The gRPC status code, for example `Status.NOT_FOUND` (5). */
  readonly code: Status;
  /** The status message sent by the server, without the code prefix. */
  readonly details: string;
  /** Trailing metadata of the call (empty when none was received). */
  readonly metadata: Metadata;

  constructor(code: Status, details: string, options?: { metadata?: Metadata; cause?: unknown }) {
    super(`[${statusName(code)}] ${details}`, { cause: options?.cause });
    this.code = code;
    this.details = details;
    this.metadata = options?.metadata ?? new Metadata();
  }
}

/** The canonical name of a gRPC status code, for example `NOT_FOUND`. */
export function statusName(code: Status): string {
  return Status[code] ?? `CODE_${String(code)}`;
}
