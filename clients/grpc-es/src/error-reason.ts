/**
 * The `google.rpc.ErrorInfo` reasons this package sets on the statuses it makes, and on
 * statuses a server of `createServer` sends without details of their own (see
 * `createServer`). A service adds the reasons of its own rules.
 */
export const ErrorReason = {
  /** INVALID_ARGUMENT: request fields break the contract's rules; a BadRequest lists every violation. */
  INVALID_FIELDS: "INVALID_FIELDS",
  /** INVALID_ARGUMENT: the request bytes are not a message of the request type, or no request message came. */
  MALFORMED_REQUEST: "MALFORMED_REQUEST",
  /** RESOURCE_EXHAUSTED: a message over the size limit. */
  MESSAGE_TOO_LARGE: "MESSAGE_TOO_LARGE",
  /** DEADLINE_EXCEEDED: the call's deadline passed on the server. */
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  /** UNAVAILABLE: the server is shutting down; another replica can answer. */
  SHUTTING_DOWN: "SHUTTING_DOWN",
  /** INTERNAL: a fault of the server; nothing about it is disclosed. */
  INTERNAL_ERROR: "INTERNAL_ERROR",
} as const;
