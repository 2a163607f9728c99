import {
  Server,
  ServerInterceptingCall,
  status as Status,
  type ServerInterceptor,
  type ServerOptions,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { defaultStatusDetailsInterceptor } from "./default-status-details.js";
import { createOpenStreams, type OpenStreams } from "./open-streams.js";
import { createServerTracing } from "./tracing.js";
import { isTolerant, tolerantDeserializer, undecodableRequestStatus } from "./undecodable-request.js";

/** Options of {@link createServer}: grpc-js's, and the domain of the error details it adds. */
export interface CreateServerOptions extends ServerOptions {
  /** The `google.rpc.ErrorInfo` domain of the details this server adds to statuses; default `"grpc-es"`. */
  errorDomain?: string;
}

/** The status with which a graceful shutdown ends open streams (reason `SHUTTING_DOWN`). */
const SHUTDOWN_STATUS = { code: Status.UNAVAILABLE, details: "server is shutting down" } as const;

/**
 * A grpc-js `Server` (same options, interceptors included) with two behaviours every
 * service on it gets, also those other libraries add with `server.addService`, such as
 * grpc-health-check's and @grpc/reflection's `addToServer(server)`:
 *
 * - **Undecodable requests are `INVALID_ARGUMENT`** (grpc-js alone answers `INTERNAL`,
 *   blaming the server for a broken client). Services added with {@link addService}
 *   answer `malformed <request type>: …` in their handlers, as they do on any grpc-js
 *   server; any other service gets request deserializers that never throw, and an
 *   interceptor answers its undecodable calls `malformed request: …` before its
 *   handler sees them.
 * - **`tryShutdown` ends open streams**: after it has stopped accepting calls it ends
 *   every open server-, client- or bidi-streaming call with `UNAVAILABLE` "server is
 *   shutting down" (their handlers see their signal abort), so a graceful shutdown
 *   waits only for unary calls in flight instead of for streams that may never end.
 *   Streams that must finish should be given a deadline by their clients.
 * - **Every non-OK status carries `google.rpc.Status` details** with exactly one
 *   ErrorInfo (domain `errorDomain`): those a handler's {@link GrpcError} gives, else a
 *   default per code — `MALFORMED_REQUEST` (with an empty BadRequest) for
 *   INVALID_ARGUMENT, `MESSAGE_TOO_LARGE` for RESOURCE_EXHAUSTED, `DEADLINE_EXCEEDED`,
 *   `SHUTTING_DOWN` for UNAVAILABLE, `INTERNAL_ERROR` for INTERNAL, the code's name for
 *   any other. Only grpc-js's answer to a path no service has (UNIMPLEMENTED) is sent
 *   before any interceptor and carries none.
 *
 * Its interceptors run after those in `options.interceptors`, so they see the statuses
 * these send — except the one adding details, which comes first: it also wraps the
 * statuses grpc-js itself sends. They add no layer to calls that do not need one. With
 * an OpenTelemetry SDK registered, every call (but those of the `grpc.*` services) is
 * also a server span, continuing the client's trace, active while `options.interceptors`
 * and the handler run.
 */
export function createServer(options: CreateServerOptions = {}): Server {
  return new BridgeServer(options);
}

class BridgeServer extends Server {
  /** Paths of the services whose handlers cannot recognise an undecodable request. */
  readonly #guardedPaths: Set<string>;
  readonly #streams: OpenStreams;

  constructor({ errorDomain = "grpc-es", ...options }: CreateServerOptions) {
    const guardedPaths = new Set<string>();
    const streams = createOpenStreams();
    super({
      ...options,
      interceptors: [
        defaultStatusDetailsInterceptor(errorDomain),
        createServerTracing(),
        ...(options.interceptors ?? []),
        streams.interceptor,
        undecodableRequestInterceptor(guardedPaths),
      ],
    });
    this.#guardedPaths = guardedPaths;
    this.#streams = streams;
  }

  override addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    const tolerant = Object.entries(service).map(([name, method]) => {
      if (isTolerant(method.requestDeserialize)) return [name, method];
      this.#guardedPaths.add(method.path);
      return [name, { ...method, requestDeserialize: tolerantDeserializer(method.requestDeserialize, "request") }];
    });
    super.addService(Object.fromEntries(tolerant) as ServiceDefinition, implementation);
  }

  override tryShutdown(callback: (error?: Error) => void): void {
    super.tryShutdown(callback);
    this.#streams.endAll(SHUTDOWN_STATUS);
  }
}

/** Answers a call to one of `guardedPaths` whose request message could not be decoded, whatever the method kind. */
function undecodableRequestInterceptor(guardedPaths: ReadonlySet<string>): ServerInterceptor {
  return (descriptor, next) => {
    // No layer for other paths. grpc-js only uses the interface of what an interceptor returns.
    if (!guardedPaths.has(descriptor.path)) return next as ServerInterceptingCall;
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (proceed) =>
        proceed({
          onReceiveMessage: (message, pass) => {
            const undecodable = undecodableRequestStatus(message);
            if (undecodable === undefined) pass(message);
            else call.sendStatus(undecodable);
          },
        }),
    });
    return call;
  };
}
