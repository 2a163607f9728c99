import {
  ServerInterceptingCall,
  status as Status,
  type Server,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServerMethodDefinition,
  type ServiceDefinition,
} from "@grpc/grpc-js";

/** The request bytes of a call could not be decoded; stands in for the message until the guard answers. */
class UndecodableRequest {
  constructor(readonly reason: string) {}
}

/** Answers undecodable requests to services registered by other libraries with INVALID_ARGUMENT. */
export interface MalformedRequestGuard {
  /** The server interceptor that answers the call of an undecodable message; must come last (outermost). */
  readonly interceptor: ServerInterceptor;
  /**
   * A view of `server` for a library's `addToServer(server)` (health, reflection): each
   * service it adds gets deserializers that never throw, so the interceptor can answer.
   */
  registrar(server: Server): Server;
}

/**
 * grpc-js answers a request whose bytes its deserializer rejects with `INTERNAL`
 * ("Error deserializing request"), which blames the server for a broken client. Our
 * own services avoid that in the `@onlinebooks/grpc-es` bridge; this guard does the
 * same for services added by grpc-health-check and @grpc/reflection: their
 * deserializers are wrapped to hand on a marker instead of throwing, and the
 * interceptor answers such a call `INVALID_ARGUMENT` "malformed request: …" before the
 * library's handler sees it.
 */
export function createMalformedRequestGuard(): MalformedRequestGuard {
  const guarded = new Set<string>();
  const interceptor: ServerInterceptor = (descriptor: ServerMethodDefinition<unknown, unknown>, next: ServerInterceptingCallInterface) => {
    // Not a library's service: no layer. grpc-js only uses the interface of what an interceptor returns.
    if (!guarded.has(descriptor.path)) return next as ServerInterceptingCall;
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start: (proceed) =>
        proceed({
          onReceiveMessage: (message, pass) => {
            if (message instanceof UndecodableRequest) {
              call.sendStatus({ code: Status.INVALID_ARGUMENT, details: `malformed request: ${message.reason}` });
            } else {
              pass(message);
            }
          },
        }),
    });
    return call;
  };
  return {
    interceptor,
    registrar: (server) =>
      new Proxy(server, {
        get(target, property, receiver) {
          if (property !== "addService") return Reflect.get(target, property, receiver) as unknown;
          return (service: ServiceDefinition, implementation: object) => {
            for (const method of Object.values(service)) guarded.add(method.path);
            target.addService(tolerant(service), implementation as never);
          };
        },
      }),
  };
}

function tolerant(service: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(service).map(([name, method]) => [
      name,
      {
        ...method,
        requestDeserialize: (bytes: Buffer): unknown => {
          try {
            return method.requestDeserialize(bytes);
          } catch (error) {
            return new UndecodableRequest(error instanceof Error ? error.message : String(error));
          }
        },
      },
    ]),
  ) as ServiceDefinition;
}
