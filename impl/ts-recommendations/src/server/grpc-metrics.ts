import { status as Status } from "@grpc/grpc-js";
import { createChildCache } from "@onlinebooks/service-kit";
import { Counter, Histogram, type Registry } from "prom-client";
import type { CallObserver } from "./observing-interceptor.js";

/** Latency buckets in seconds: sub-millisecond answers are the norm here. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The usual gRPC server metrics (go-grpc-prometheus names) in `registry`:
 * `grpc_server_started_total`, `grpc_server_handled_total` (with `grpc_code`), the
 * `grpc_server_handling_seconds` histogram, and the messages of every call,
 * `grpc_server_msg_received_total` and `grpc_server_msg_sent_total` (a stream's count
 * as they flow, not at its end), labelled by `grpc_type` (`unary`, `server_stream`,
 * `client_stream`, `bidi_stream`), `grpc_service` and `grpc_method`. The legacy path counts under `grpc_service="Recommendations"`,
 * v1 under `"recommendations.v1.Recommendations"`, so who still calls which version is
 * visible. Only registered methods are counted, so label values stay bounded.
 */
export function createGrpcMetrics(registry: Registry): CallObserver {
  const labelNames = ["grpc_type", "grpc_service", "grpc_method"] as const;
  const counter = <Extra extends string = never>(name: string, help: string, extra: readonly Extra[] = []) =>
    new Counter({ name, help, labelNames: [...labelNames, ...extra], registers: [registry] });
  const started = counter("grpc_server_started_total", "Total number of RPCs started on the server.");
  const handled = counter(
    "grpc_server_handled_total",
    "Total number of RPCs completed on the server, regardless of success or failure.",
    ["grpc_code"],
  );
  const received = counter("grpc_server_msg_received_total", "Total number of RPC stream messages received on the server.");
  const sent = counter("grpc_server_msg_sent_total", "Total number of gRPC stream messages sent by the server.");
  const seconds = new Histogram({
    name: "grpc_server_handling_seconds",
    help: "Histogram of response latency (seconds) of gRPC calls handled by the server.",
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  });
  // prom-client hashes the label values on every inc/observe; the children bound to a
  // method's labels are looked up once per method (and code) instead.
  return {
    forMethod({ type, service, method }) {
      const labels = { grpc_type: type, grpc_service: service, grpc_method: method };
      const startedChild = started.labels(labels);
      const histogram = seconds.labels(labels);
      const receivedChild = received.labels(labels);
      const sentChild = sent.labels(labels);
      const handledWith = createChildCache({
        bind: (code: Status) => handled.labels({ ...labels, grpc_code: Status[code] ?? String(code) }),
      });
      return {
        onStart() {
          startedChild.inc();
        },
        onMessageReceived() {
          receivedChild.inc();
        },
        onMessageSent() {
          sentChild.inc();
        },
        onFinish(call) {
          handledWith(call.code).inc();
          histogram.observe(call.durationSeconds);
        },
      };
    },
  };
}
