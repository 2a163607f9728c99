import { InterceptingCall, type Interceptor, type Metadata } from "@grpc/grpc-js";

/** The `code` of the warning, for `process.on("warning")` filters. */
export const DEPRECATION_WARNING_CODE = "ONLINEBOOKS_RECOMMENDATIONS_V1";

let announced = false;

/**
 * A client interceptor that emits one `DeprecationWarning` per process, when the
 * first call of any v1 client ends: v1 is deprecated, when it is turned off (the
 * `sunset` the server sent with that answer, RFC 8594), and that
 * `@onlinebooks/recommendations-v2` replaces it. Every later call passes straight through.
 * Node prints the warning on stderr unless it runs with `--no-deprecation`.
 */
export const deprecationNotice: Interceptor = (options, nextCall) => {
  // No layer for later calls (grpc-js only uses the interface of what an interceptor returns).
  if (announced) return nextCall(options) as InterceptingCall;
  announced = true;
  let sunset: string | undefined;
  const note = (metadata: Metadata | undefined): void => {
    const value = metadata?.get("sunset")[0];
    if (sunset === undefined && typeof value === "string") sunset = value;
  };
  return new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      next(metadata, {
        onReceiveMetadata(headers, pass) {
          note(headers);
          pass(headers);
        },
        onReceiveStatus(status, pass) {
          note(status.metadata);
          process.emitWarning(message(sunset), { type: "DeprecationWarning", code: DEPRECATION_WARNING_CODE });
          pass(status);
        },
      });
    },
  });
};

function message(sunset: string | undefined): string {
  const date = sunset === undefined ? NaN : Date.parse(sunset);
  const when = Number.isNaN(date) ? "with no sunset date announced yet" : `with its sunset on ${new Date(date).toISOString().slice(0, 10)} (Sunset: ${sunset})`;
  return `Recommendations API v1 (@onlinebooks/recommendations-v1) is deprecated, ${when}; move to @onlinebooks/recommendations-v2.`;
}
