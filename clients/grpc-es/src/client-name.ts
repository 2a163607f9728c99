import type { Metadata } from "@grpc/grpc-js";

/** The request metadata a client names itself with (the `clientName` option); servers read it to tell callers apart. */
export const CLIENT_NAME_KEY = "client-name";

/** Checks the `clientName` option: undefined, or 1 to 128 printable ASCII characters without surrounding spaces. */
export function checkClientName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/.test(value)) {
    throw new TypeError(`clientName must be 1 to 128 printable ASCII characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * `metadata` with `name` as its `client-name`, unless it has one already or `name` is
 * undefined. `metadata` is the caller's own object when `given` is that object: it is
 * then left as it was, and a copy carries the name.
 */
export function withClientName(metadata: Metadata, given: unknown, name: string | undefined): Metadata {
  if (name === undefined || metadata.get(CLIENT_NAME_KEY).length > 0) return metadata;
  const named = metadata === given ? metadata.clone() : metadata;
  named.set(CLIENT_NAME_KEY, name);
  return named;
}
