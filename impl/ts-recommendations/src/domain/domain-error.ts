/**
 * What went wrong, independent of any transport: `invalid-argument` (a request field is
 * malformed or out of range) or `not-found` (something the request names does not
 * exist).
 */
export type DomainErrorKind = "invalid-argument" | "not-found";

/** Options of the {@link DomainError} constructor. */
export interface DomainErrorOptions {
  /** The request field at fault, in its proto spelling (`"categories[2]"`). */
  field?: string;
  /** What is wrong with that field, for the caller; the message when absent. */
  description?: string;
  /** Facts a program may act on, for example `{ category: "99" }`. */
  metadata?: Record<string, string>;
}

/**
 * The one error type of the domain core and the versioned adapters. `reason` says why in
 * one UPPER_SNAKE word (the API's error reason, for example `"INVALID_PAGE_TOKEN"`);
 * `field` names the request field at fault when there is one; the message is meant for
 * the caller and never contains internals. The server maps it to a status in one place.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  /** The kind of failure. */
  readonly kind: DomainErrorKind;
  /** Why, as an UPPER_SNAKE constant. */
  readonly reason: string;
  /** The request field at fault, in its proto spelling, when there is one. */
  readonly field: string | undefined;
  /** What is wrong with `field`. */
  readonly description: string;
  /** Facts about the failure a program may act on. */
  readonly metadata: Readonly<Record<string, string>>;

  constructor(kind: DomainErrorKind, reason: string, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.kind = kind;
    this.reason = reason;
    this.field = options.field;
    this.description = options.description ?? message;
    this.metadata = options.metadata ?? {};
  }

  /** An `invalid-argument` error about `field`, whose message is the field's name followed by `problem`. */
  static invalidArgument(reason: string, field: string, problem: string, metadata?: Record<string, string>): DomainError {
    return new DomainError("invalid-argument", reason, `${field} ${problem}`, { field, description: problem, metadata });
  }
}

/** The reason of a page token that does not verify for the request it came with. */
export const INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
