import {
  Server,
  ServerInterceptingCall,
  type ServerInterceptor,
  type ServerOptions,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { defaultStatusDetailsInterceptor } from "./default-status-details.js";
import { isTolerant, tolerantDeserializer, undecodableRequestStatus } from "./undecodable-request.js";

/** Options of {@link createServer}: grpc-js's, and the domain of the error details it adds. */
export interface CreateServerOptions extends ServerOptions {
  /** The `google.rpc.ErrorInfo` domain of the details this server adds to statuses; default `"grpc-es"`. */
  errorDomain?: string;
}

/**
 * A grpc-js `Server` on which every service answers request bytes it cannot decode
 * with `INVALID_ARGUMENT` (grpc-js alone answers `INTERNAL`, blaming the server for a
 * broken client) — also the services other libraries add with `server.addService`,
 * such as grpc-health-check's and @grpc/reflection's `addToServer(server)`:
 *
 * - services added with {@link addService} answer `malformed <request type>: …` in
 *   their handlers, as they do on any grpc-js server;
 * - any other service gets request deserializers that never throw, and an
 *   interceptor answers its undecodable calls `malformed request: …` before its
 *   handler sees them. The interceptor runs after those in `options.interceptors`,
 *   so they see the status it sends; it adds no layer to calls of other services.
 *
 * Every non-OK status it sends carries `google.rpc.Status` details with exactly one
 * ErrorInfo (domain `errorDomain`): those a handler's {@link GrpcError} gives, else a
 * default per code — `MALFORMED_REQUEST` (with an empty BadRequest) for
 * INVALID_ARGUMENT, `MESSAGE_TOO_LARGE` for RESOURCE_EXHAUSTED, `DEADLINE_EXCEEDED`,
 * `SHUTTING_DOWN` for UNAVAILABLE, `INTERNAL_ERROR` for INTERNAL, the code's name for
 * any other. Only grpc-js's answer to a path no service has (UNIMPLEMENTED) is sent
 * before any interceptor and carries none.
 */
export function createServer(options: CreateServerOptions = {}): Server {
  return new TolerantServer(options);
}

class TolerantServer extends Server {
  /** Paths of the services whose handlers cannot recognise an undecodable request. */
  readonly #guardedPaths: Set<string>;

  constructor({ errorDomain = "grpc-es", ...options }: CreateServerOptions) {
    const guardedPaths = new Set<string>();
    super({
      ...options,
      interceptors: [
        defaultStatusDetailsInterceptor(errorDomain),
        ...(options.interceptors ?? []),
        undecodableRequestInterceptor(guardedPaths),
      ],
    });
    this.#guardedPaths = guardedPaths;
  }

  override addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    const tolerant = Object.entries(service).map(([name, method]) => {
      if (isTolerant(method.requestDeserialize)) return [name, method];
      this.#guardedPaths.add(method.path);
      return [name, { ...method, requestDeserialize: tolerantDeserializer(method.requestDeserialize, "request") }];
    });
    super.addService(Object.fromEntries(tolerant) as ServiceDefinition, implementation);
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
