import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { anyPack, anyUnpack, type Any } from "@bufbuild/protobuf/wkt";
import { Metadata, status as Status } from "@grpc/grpc-js";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  type BadRequest_FieldViolation,
  type ErrorInfo,
} from "./gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "./gen/google/rpc/status_pb.js";

/** The trailer that carries a status's `google.rpc.Status`, binary (base64 on the wire). */
export const STATUS_DETAILS_KEY = "grpc-status-details-bin";

/**
 * One detail of an error, packed as `google.protobuf.Any` the way `google.rpc.Status`
 * carries it, for example `errorDetail(ErrorInfoSchema, { reason: "QUOTA", domain })`.
 */
export function errorDetail<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): Any {
  return anyPack(schema, create(schema, init));
}

/** What {@link errorInfoDetail} packs: AIP-193's `reason` (UPPER_SNAKE), `domain` and string `metadata`. */
export interface ErrorInfoInit {
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}

/** A packed `google.rpc.ErrorInfo`. */
export function errorInfoDetail(init: ErrorInfoInit): Any {
  return errorDetail(ErrorInfoSchema, init);
}

/** A field violation as {@link badRequestDetail} takes it: AIP-193's `field` path, `description` and `reason`. */
export interface FieldViolationInit {
  field: string;
  description: string;
  reason?: string;
}

/** A packed `google.rpc.BadRequest` listing `violations` in order. */
export function badRequestDetail(violations: readonly FieldViolationInit[]): Any {
  return errorDetail(BadRequestSchema, { fieldViolations: [...violations] });
}

/** Unpacks every detail of type `schema`, in order; details of other types are skipped. */
export function findDetails<Desc extends DescMessage>(details: readonly Any[], schema: Desc): MessageShape<Desc>[] {
  const found: MessageShape<Desc>[] = [];
  for (const detail of details) {
    try {
      const message = anyUnpack(detail, schema);
      if (message !== undefined) found.push(message);
    } catch {
      // A detail of the right type whose bytes do not decode is skipped like a foreign one.
    }
  }
  return found;
}

/** The first `google.rpc.ErrorInfo` of `details`. */
export function errorInfoOf(details: readonly Any[]): ErrorInfo | undefined {
  return findDetails(details, ErrorInfoSchema)[0];
}

/** Every field violation of every `google.rpc.BadRequest` in `details`, in order. */
export function fieldViolationsOf(details: readonly Any[]): BadRequest_FieldViolation[] {
  return findDetails(details, BadRequestSchema).flatMap((badRequest) => badRequest.fieldViolations);
}

/** `metadata` with the `google.rpc.Status` of `code`, `message` and `details` set (a copy; `metadata` is untouched). */
export function withStatusDetails(metadata: Metadata | undefined, code: Status, message: string, details: readonly Any[]): Metadata {
  const copy = metadata?.clone() ?? new Metadata();
  copy.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, create(StatusSchema, { code, message, details: [...details] }))));
  return copy;
}

/**
 * The details of the `google.rpc.Status` in `metadata` (a call's trailers), when it
 * describes `code`; empty when there is none, it cannot be decoded, or it belongs to
 * another code (the status code on the wire wins).
 */
export function decodeStatusDetails(metadata: Metadata, code: Status): Any[] {
  const [value] = metadata.get(STATUS_DETAILS_KEY);
  if (!(value instanceof Buffer)) return [];
  try {
    const status = fromBinary(StatusSchema, value);
    return status.code === code ? status.details : [];
  } catch {
    return [];
  }
}
