import { Metadata, ServerInterceptingCall, type ServerInterceptor } from "@grpc/grpc-js";
import { serviceOf } from "./served-api.js";

/** When an API version was deprecated and when it stops being served; each undefined = not announced. */
export interface ApiDeprecation {
  /** The instant it became (or becomes) deprecated, in milliseconds since the epoch. */
  readonly deprecatedAtMs?: number;
  /** The instant it stops being served, in milliseconds since the epoch. */
  readonly sunsetAtMs?: number;
}

/**
 * The response header fields that announce a deprecation, as gRPC metadata (lower-case
 * keys): `deprecation` (RFC 9745, a structured-field date: `@` and seconds since the
 * epoch) and `sunset` (RFC 8594, an HTTP date such as `Wed, 30 Jun 2027 00:00:00 GMT`).
 * Empty when nothing is announced.
 */
function deprecationFields(deprecation: ApiDeprecation): ReadonlyArray<readonly [string, string]> {
  const fields: Array<readonly [string, string]> = [];
  if (deprecation.deprecatedAtMs !== undefined) fields.push(["deprecation", `@${Math.floor(deprecation.deprecatedAtMs / 1000)}`]);
  if (deprecation.sunsetAtMs !== undefined) fields.push(["sunset", new Date(deprecation.sunsetAtMs).toUTCString()]);
  return fields;
}

/**
 * A grpc-js server interceptor that adds the deprecation fields of `deprecation` to
 * every answer of the services in `services` (by name: the legacy `Recommendations`
 * and `recommendations.v1.Recommendations`): to the response headers, or, when a call
 * fails before any header was sent (a trailers-only response), to its trailers. Calls
 * of other services pass through without a layer of their own.
 */
export function createDeprecationInterceptor(deprecation: ApiDeprecation, services: ReadonlySet<string>): ServerInterceptor {
  const fields = deprecationFields(deprecation);
  const addTo = (metadata: Metadata): Metadata => {
    for (const [key, value] of fields) metadata.set(key, value);
    return metadata;
  };
  return (descriptor, next) => {
    // grpc-js only uses the interface of what an interceptor returns.
    if (fields.length === 0 || !services.has(serviceOf(descriptor.path))) return next as ServerInterceptingCall;
    let headersSent = false;
    return new ServerInterceptingCall(next, {
      sendMetadata: (metadata, pass) => {
        headersSent = true;
        pass(addTo(metadata));
      },
      sendStatus: (status, pass) => {
        if (headersSent) pass(status);
        else pass({ ...status, metadata: addTo(status.metadata?.clone() ?? new Metadata()) });
      },
    });
  };
}
