import { InterceptingCall, type Interceptor } from "@grpc/grpc-js";

/** The metadata name of the client name. */
const CLIENT_NAME_KEY = "client-name";

/** Checks the `clientName` option: undefined, or 1 to 128 printable ASCII characters without surrounding spaces. */
export function checkClientName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/.test(value)) {
    throw new TypeError(`clientName must be 1 to 128 printable ASCII characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * A client interceptor that sends `name` as the `client-name` metadata of every call
 * of any kind, unless the call sets its own. The caller's Metadata object is left as it
 * was (the interceptor sends a copy).
 */
export function clientNameInterceptor(name: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (metadata.get(CLIENT_NAME_KEY).length > 0) {
          next(metadata, listener);
          return;
        }
        const named = metadata.clone();
        named.set(CLIENT_NAME_KEY, name);
        next(named, listener);
      },
    });
}
