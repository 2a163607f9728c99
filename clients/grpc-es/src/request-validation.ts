import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString, reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { createValidator, type Violation } from "@bufbuild/protovalidate";
import { status as Status } from "@grpc/grpc-js";
import { badRequestDetail, errorInfoDetail } from "./error-details.js";
import { ErrorReason } from "./error-reason.js";
import { GrpcError } from "./grpc-error.js";
import { regexMatch } from "./regex-match.js";

/** The most field violations one error lists; `violation_count` in its ErrorInfo counts them all. */
export const MAX_LISTED_VIOLATIONS = 50;
/**
 * A message with more values than this in its repeated fields (at any depth) is checked
 * only up to its first violation: listing a violation per value of a 1 MiB list would
 * cost seconds, for a list no one reads.
 */
export const MAX_FULLY_CHECKED_VALUES = 2048;
/** How many violations the status message names before "and N more". */
const NAMED_IN_MESSAGE = 3;

/** Options of {@link createRequestValidation}. */
export interface RequestValidationOptions {
  /** The `google.rpc.ErrorInfo` domain of the errors it makes, for example `"recommendations.onlinebooks"`. */
  domain: string;
}

/**
 * Checks messages against the buf.validate (protovalidate) rules of their contract. One
 * instance serves every message type: the rules of a type are compiled on first use
 * and kept.
 */
export interface RequestValidation {
  /**
   * `undefined` when `message` meets every rule of `schema`; otherwise an
   * `INVALID_ARGUMENT` {@link GrpcError} with reason `INVALID_FIELDS` whose `BadRequest`
   * lists every violation in the order protovalidate reports them (field path,
   * protovalidate's description, the rule id in UPPER_SNAKE as its reason). Throws
   * when the rules themselves cannot be evaluated.
   */
  check<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): GrpcError | undefined;
}

/**
 * A {@link RequestValidation} over `@bufbuild/protovalidate`: servers run it once per
 * request before their handlers, clients may run it before sending. The validators
 * are created here, once.
 */
export function createRequestValidation(options: RequestValidationOptions): RequestValidation {
  const firstViolation = createValidator({ failFast: true, regexMatch });
  const everyViolation = createValidator({ regexMatch });
  return {
    check(schema, message) {
      const first = firstViolation.validate(schema, message);
      if (first.kind === "valid") return undefined;
      if (first.kind === "error") throw first.error;
      if (valueCount(reflect(schema, message), MAX_FULLY_CHECKED_VALUES) > MAX_FULLY_CHECKED_VALUES) {
        return invalidFields(options.domain, first.violations);
      }
      const all = everyViolation.validate(schema, message);
      if (all.kind === "error") throw all.error;
      return invalidFields(options.domain, all.violations ?? first.violations);
    },
  };
}

const shared = new Map<string, RequestValidation>();

/** One {@link RequestValidation} per domain for the whole process, made on first use: the clients of a domain share its compiled rules. */
export function sharedRequestValidation(domain: string): RequestValidation {
  let validation = shared.get(domain);
  if (validation === undefined) {
    validation = createRequestValidation({ domain });
    shared.set(domain, validation);
  }
  return validation;
}

/** The error that lists `violations` (all of them, or the first {@link MAX_LISTED_VIOLATIONS}). */
function invalidFields(domain: string, violations: readonly Violation[]): GrpcError {
  const listed = violations.slice(0, MAX_LISTED_VIOLATIONS).map((violation) => ({
    field: pathToString(violation.field),
    description: violation.message,
    reason: upperSnake(violation.ruleId),
  }));
  const named = listed.slice(0, NAMED_IN_MESSAGE).map(({ field, description }) => `${field}: ${description}`);
  const more = violations.length - named.length;
  const message = `invalid request: ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
  return new GrpcError(Status.INVALID_ARGUMENT, message, {
    statusDetails: [
      errorInfoDetail({ reason: ErrorReason.INVALID_FIELDS, domain, metadata: { violation_count: String(violations.length) } }),
      badRequestDetail(listed),
    ],
  });
}

/** A rule id such as `int32.gte_lte` as an AIP-193 reason: `INT32_GTE_LTE`. */
function upperSnake(ruleId: string): string {
  return ruleId.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** The number of values in the repeated and map fields of `message` and the messages in it, counted up to just over `limit`. */
function valueCount(message: ReflectMessage, limit: number): number {
  let count = 0;
  for (const field of message.fields) {
    if (count > limit) break;
    if (!message.isSet(field)) continue;
    if (field.fieldKind === "list") {
      const list = message.get(field);
      count += list.size;
      if (field.listKind === "message") for (const item of list) if (count <= limit) count += valueCount(item as ReflectMessage, limit - count);
    } else if (field.fieldKind === "map") {
      const map = message.get(field);
      count += map.size;
      if (field.mapKind === "message") for (const value of map.values()) if (count <= limit) count += valueCount(value as ReflectMessage, limit - count);
    } else if (field.fieldKind === "message") {
      count += valueCount(message.get(field), limit - count);
    }
  }
  return count;
}
