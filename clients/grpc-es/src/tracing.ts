import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from "@opentelemetry/api";
import { InterceptingCall, ServerInterceptingCall, status as Status, type Interceptor, type Metadata, type ServerInterceptor } from "@grpc/grpc-js";
import { deadlinePassed } from "./handler-context.js";

/** The instrumentation scope of the spans this package makes. */
const SCOPE = "@onlinebooks/grpc-es";

/**
 * The tracer of the SDK registered with the OpenTelemetry API, or undefined when none
 * is (tracing off): then calls get no span and no extra interceptor layer at all. The
 * API's global provider is a ProxyTracerProvider, which has a delegate once an SDK
 * registered one; the SDK keeps one tracer per scope, so asking per call is a lookup.
 */
function activeTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider() as { getDelegateTracer?: (name: string) => Tracer | undefined; getTracer(name: string): Tracer };
  return typeof provider.getDelegateTracer === "function" ? provider.getDelegateTracer(SCOPE) : provider.getTracer(SCOPE);
}

const metadataSetter: TextMapSetter<Metadata> = { set: (metadata, key, value) => metadata.set(key, value) };
const metadataGetter: TextMapGetter<Metadata> = {
  get: (metadata, key) => metadata.get(key).map(String),
  keys: (metadata) => Object.keys(metadata.getMap()),
};

/** A method's span name (`{rpc.service}/{rpc.method}`) and attributes, made once per path. */
interface TracedMethod {
  readonly name: string;
  readonly attributes: Attributes;
}

function methodCache(extra: Attributes): (path: string) => TracedMethod {
  const methods = new Map<string, TracedMethod>();
  return (path) => {
    let method = methods.get(path);
    if (method === undefined) {
      const slash = path.lastIndexOf("/");
      const service = path.slice(1, Math.max(slash, 1));
      const name = path.slice(slash + 1);
      method = { name: `${service}/${name}`, attributes: { "rpc.system": "grpc", "rpc.service": service, "rpc.method": name, ...extra } };
      methods.set(path, method);
    }
    return method;
  };
}

/** Ends `span` with the call's status: `rpc.grpc.status_code`, and ERROR when `isError(code)`. */
function endSpan(span: Span, code: Status, details: string, isError: (code: Status) => boolean): void {
  span.setAttribute("rpc.grpc.status_code", code);
  if (isError(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: `${Status[code] ?? code}: ${details}` });
  span.end();
}

/** On a client, every status but OK is an error (OpenTelemetry's gRPC semantic conventions). */
const clientError = (code: Status): boolean => code !== Status.OK;

/** On a server, only the statuses that say the server failed are errors. */
const SERVER_ERRORS: ReadonlySet<Status> = new Set([
  Status.UNKNOWN,
  Status.DEADLINE_EXCEEDED,
  Status.UNIMPLEMENTED,
  Status.INTERNAL,
  Status.UNAVAILABLE,
  Status.DATA_LOSS,
]);
const serverError = (code: Status): boolean => SERVER_ERRORS.has(code);

/**
 * A grpc-js client interceptor that makes a CLIENT span per call when an OpenTelemetry
 * SDK is registered: named `service/Method`, child of the caller's active span, with
 * `rpc.system`, `rpc.service`, `rpc.method`, `server.address`/`server.port` (when
 * `target` is `host:port`) and, at the end, `rpc.grpc.status_code`; any status other
 * than OK marks it as an error. The span's context goes to the server in the request
 * metadata (`traceparent`, W3C Trace Context, through the registered propagator).
 */
export function createClientTracing(target: string): Interceptor {
  const hostPort = /^(?:(?:ipv4|ipv6|dns):(?:\/\/\/)?)?(\[[^\]]+\]|[^:/,]+):(\d+)$/.exec(target);
  const methodOf = methodCache(hostPort ? { "server.address": hostPort[1]!.replace(/^\[|\]$/g, ""), "server.port": Number(hostPort[2]) } : {});
  return (options, nextCall) => {
    const tracer = activeTracer();
    // grpc-js only uses the interface of what an interceptor returns.
    if (tracer === undefined) return nextCall(options) as InterceptingCall;
    const method = methodOf(options.method_definition.path);
    const parent = context.active();
    const span = tracer.startSpan(method.name, { kind: SpanKind.CLIENT, attributes: method.attributes }, parent);
    const spanContext = trace.setSpan(parent, span);
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        const carrier = metadata.clone(); // the caller's Metadata object is left as it was
        propagation.inject(spanContext, carrier, metadataSetter);
        next(carrier, {
          onReceiveStatus(status, pass) {
            endSpan(span, status.code, status.details, clientError);
            pass(status);
          },
        });
      },
    });
  };
}

/**
 * A grpc-js server interceptor that makes a SERVER span per call when an OpenTelemetry
 * SDK is registered: child of the client's span whose context came in the request
 * metadata, named `service/Method`, with `rpc.system`, `rpc.service`, `rpc.method` and,
 * at the end, `rpc.grpc.status_code`; UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED,
 * INTERNAL, UNAVAILABLE and DATA_LOSS mark it as an error. The handler and the
 * interceptors after this one run with the span active, so their spans are its children
 * and their log lines can carry its ids. Calls of the `grpc.*` services (health checks,
 * reflection) are not traced.
 */
export function createServerTracing(): ServerInterceptor {
  const methodOf = methodCache({});
  return (descriptor, next) => {
    const tracer = activeTracer();
    if (tracer === undefined || descriptor.path.startsWith("/grpc.")) return next as ServerInterceptingCall;
    const method = methodOf(descriptor.path);
    let span: Span | undefined;
    let spanContext = ROOT_CONTEXT;
    const end = (code: Status, details: string): void => {
      if (span !== undefined) endSpan(span, code, details, serverError);
      span = undefined;
    };
    return new ServerInterceptingCall(next, {
      start: (proceed) =>
        proceed({
          onReceiveMetadata: (metadata, pass) => {
            const parent = propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
            span = tracer.startSpan(method.name, { kind: SpanKind.SERVER, attributes: method.attributes }, parent);
            spanContext = trace.setSpan(parent, span);
            context.with(spanContext, () => pass(metadata));
          },
          onReceiveMessage: (message, pass) => context.with(spanContext, () => pass(message)),
          onReceiveHalfClose: (pass) => context.with(spanContext, pass),
          // grpc-js reports every call's stream closing as a cancel, also after its status.
          onCancel: () => {
            const expired = deadlinePassed(next.getDeadline());
            end(expired ? Status.DEADLINE_EXCEEDED : Status.CANCELLED, expired ? "Deadline exceeded" : "Cancelled");
          },
        }),
      sendStatus: (status, pass) => {
        end(status.code, status.details);
        pass(status);
      },
    });
  };
}
