/**
 * What went wrong, independent of any transport: `invalid-argument` (a request field is
 * malformed or out of range) or `not-found` (something the request names does not
 * exist).
 */
export type DomainErrorKind = "invalid-argument" | "not-found";

/**
 * The one error type of the domain core and the versioned adapters. `field` names the
 * request field at fault when there is one (`"page_size"`); the message is meant for
 * the caller and never contains internals. The server maps it to a status code in one
 * place.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  /** The kind of failure. */
  readonly kind: DomainErrorKind;
  /** The request field at fault, in its proto spelling, when there is one. */
  readonly field: string | undefined;

  constructor(kind: DomainErrorKind, message: string, options?: { field?: string }) {
    super(message);
    this.kind = kind;
    this.field = options?.field;
  }

  /** An `invalid-argument` error about `field`, whose message starts with the field's name. */
  static invalidArgument(field: string, problem: string): DomainError {
    return new DomainError("invalid-argument", `${field} ${problem}`, { field });
  }
}
