import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Any } from "@bufbuild/protobuf/wkt";
import { Metadata, status as Status } from "@grpc/grpc-js";
import { decodeStatusDetails, errorInfoOf, fieldViolationsOf, findDetails, withStatusDetails } from "./error-details.js";
import type { BadRequest_FieldViolation, ErrorInfo } from "./gen/google/rpc/error_details_pb.js";

/** Options of the {@link GrpcError} constructor. */
export interface GrpcErrorOptions {
  /** Trailing metadata of the call. */
  metadata?: Metadata;
  /** The underlying error, for logs; never sent. */
  cause?: unknown;
  /**
   * The `google.rpc.Status` details (packed `Any`s, see `errorInfoDetail` and
   * `badRequestDetail`). By default they are decoded from `metadata`'s
   * `grpc-status-details-bin`, which is what a client receives.
   */
  statusDetails?: readonly Any[];
}

/**
 * The one error type of @onlinebooks/grpc-es: a failed call with its numeric gRPC
 * status `code` (see `Status`), the server's `details` text, the trailing `metadata`
 * and the machine-readable `google.rpc.Status` details (AIP-193): `reason` and
 * `errorInfo`, `fieldViolations` of a `BadRequest`, any detail type with
 * `findDetails(schema)`. Clients reject with it; server handlers throw it to choose
 * the status a caller receives.
 */
export class GrpcError extends Error {
  override readonly name = "GrpcError";
  /** The gRPC status code, for example `Status.NOT_FOUND` (5). */
  readonly code: Status;
  /** The status message sent by the server, without the code prefix: a sentence for people. */
  readonly details: string;
  /** Trailing metadata of the call (empty when none was received). */
  readonly metadata: Metadata;
  /** The details of the call's `google.rpc.Status`, packed; empty when it had none. */
  readonly statusDetails: readonly Any[];

  constructor(code: Status, details: string, options?: GrpcErrorOptions) {
    super(`[${statusName(code)}] ${details}`, { cause: options?.cause });
    this.code = code;
    this.details = details;
    this.metadata = options?.metadata ?? new Metadata();
    this.statusDetails = options?.statusDetails ?? decodeStatusDetails(this.metadata, code);
  }

  /** The `google.rpc.ErrorInfo` of the details: why the call failed (`reason`), in which `domain`, with `metadata`. */
  get errorInfo(): ErrorInfo | undefined {
    return errorInfoOf(this.statusDetails);
  }

  /** `errorInfo.reason`: an UPPER_SNAKE constant a program can act on, for example `"INVALID_FIELDS"`. */
  get reason(): string | undefined {
    return this.errorInfo?.reason;
  }

  /** The field violations of the `google.rpc.BadRequest` details, in order; empty when there are none. */
  get fieldViolations(): BadRequest_FieldViolation[] {
    return fieldViolationsOf(this.statusDetails);
  }

  /** Every detail of type `schema`, decoded, for example `findDetails(RetryInfoSchema)`; details of other types are skipped. */
  findDetails<Desc extends DescMessage>(schema: Desc): MessageShape<Desc>[] {
    return findDetails(this.statusDetails, schema);
  }

  /**
   * The status a server sends for this error, as grpc-js takes it: code, message, and
   * the trailing metadata with the details in `grpc-status-details-bin` when there are any.
   */
  toStatus(): { code: Status; details: string; metadata: Metadata } {
    const metadata =
      this.statusDetails.length === 0 ? this.metadata : withStatusDetails(this.metadata, this.code, this.details, this.statusDetails);
    return { code: this.code, details: this.details, metadata };
  }
}

/** The canonical name of a gRPC status code, for example `NOT_FOUND`. */
export function statusName(code: Status): string {
  return Status[code] ?? `CODE_${String(code)}`;
}
