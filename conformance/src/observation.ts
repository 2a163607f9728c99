import { createRegistry } from "@bufbuild/protobuf";
import { BadRequestSchema, ErrorInfoSchema, GrpcError, statusName } from "@onlinebooks/grpc-es";

/** What a runner saw for one step, in a form every language produces identically. */
export interface Observation {
  /** The canonical status code name, `"OK"` on success. */
  status: string;
  /** The response as canonical proto JSON (default values omitted, enums by name), when OK. */
  response?: Record<string, unknown>;
  /** The status details (message), when not OK. */
  details?: string;
  /** The `google.rpc.ErrorInfo` reason of the status details, when they hold one. */
  reason?: string;
  /** The field violations of the `google.rpc.BadRequest` of the status details, when they hold one (possibly none). */
  violations?: FieldViolation[];
  /** The answers received on a stream, as canonical proto JSON, in order (also those before a failure). */
  responses?: Record<string, unknown>[];
}

/** One field violation of a `google.rpc.BadRequest`, as every runner reports it. */
export interface FieldViolation {
  field: string;
  description: string;
  reason: string;
}

/** The types of the error details a status may carry, for their proto JSON (a BatchRecommend item's error). */
export const ERROR_DETAIL_TYPES = createRegistry(ErrorInfoSchema, BadRequestSchema);

/**
 * A failed call as every runner reports it: its code name, message, and what its
 * `google.rpc.Status` details say; `reason` and `violations` only when the details hold
 * an ErrorInfo or a BadRequest, so that every runner writes the same JSON.
 */
export function failureObservation(error: GrpcError): Observation {
  const violations =
    error.findDetails(BadRequestSchema).length === 0
      ? undefined
      : error.fieldViolations.map(({ field, description, reason }) => ({ field, description, reason }));
  const reason = error.reason;
  return {
    status: statusName(error.code),
    details: error.details,
    ...(reason === undefined ? {} : { reason }),
    ...(violations === undefined ? {} : { violations }),
  };
}

/** One runner's observations, per scenario, in scenario order. */
export interface RunnerReport {
  runner: string;
  results: Array<{ id: string; steps: Observation[] }>;
}

/** The targets a runner calls, by the names scenario steps use. */
export type Targets = Record<string, string>;

interface JsonRecommendation {
  id?: number | string;
  title?: string;
  book?: { id?: string; title?: string };
}

/**
 * The books of an OK Recommend observation as `"id title"` keys, in order; v1 ids
 * (numbers) and v2 ids (decimal strings) of the same book give the same key.
 */
export function bookKeys(observation: Observation | undefined): string[] {
  const recommendations = (observation?.response?.["recommendations"] ?? []) as JsonRecommendation[];
  return recommendations.map((r) => {
    const book = r.book ?? r;
    return `${String(book.id ?? "")} ${book.title ?? ""}`;
  });
}

/** The ids of the books of an OK v2 Recommend observation, as decimal strings. */
export function bookIds(observation: Observation | undefined): string[] {
  return bookKeys(observation).map((key) => key.slice(0, key.indexOf(" ")));
}
