import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { startTracing, type Tracing } from "@onlinebooks/service-kit";
import { createSpanCollector, listenOnLoopback } from "@onlinebooks/testkit";
import { expect } from "chai";
import type { Server } from "@grpc/grpc-js";
import { createClient, type PromiseClient } from "./client.js";
import { GrpcError } from "./grpc-error.js";
import { createServer } from "./server.js";
import { addService } from "./service-implementation.js";
import { EchoService, StreamingService } from "./testing/echo-service.js";
import { Status } from "./index.js";

const ON = { enabled: true, protocol: "http/protobuf", sampler: { name: "always_on", ratio: 1 }, propagators: ["tracecontext"], batch: {} } as const;

/** Starts a bridge server with the echo service, also under a `grpc.*` name (not traced), on 127.0.0.1. */
async function serveEcho(seen: Array<{ traceparent: string[]; active: string | undefined }>): Promise<{ server: Server; address: string }> {
  const server = createServer();
  const handlers = {
    echo: (request: { failCode: number; text: string }, context: { metadata: { get(key: string): unknown[] } }) => {
      seen.push({ traceparent: context.metadata.get("traceparent").map(String), active: trace.getActiveSpan()?.spanContext().spanId });
      if (request.failCode > 0) throw new GrpcError(request.failCode, "asked to fail");
      return { text: request.text };
    },
  };
  addService(server, EchoService, handlers);
  addService(server, EchoService, handlers, { serviceName: "grpc.testing.Echo" });
  return { server, address: await listenOnLoopback(server) };
}

describe("tracing in the bridge (OpenTelemetry)", () => {
  describe("with an SDK registered", () => {
    const exporter = createSpanCollector();
    const seen: Array<{ traceparent: string[]; active: string | undefined }> = [];
    let tracing: Tracing;
    let server: Server;
    let client: PromiseClient<typeof EchoService>;
    let infra: PromiseClient<typeof EchoService>;
    let page: Span;

    before(async () => {
      tracing = startTracing(ON, { serviceName: "test", exporter });
      const served = await serveEcho(seen);
      server = served.server;
      client = createClient(EchoService, served.address);
      infra = createClient(EchoService, served.address, { serviceName: "grpc.testing.Echo" });
      await trace.getTracer("test").startActiveSpan("page", async (span) => {
        page = span;
        await client.echo({ text: "ok" });
        await client.echo({ failCode: Status.NOT_FOUND }).catch(() => undefined);
        await client.echo({ failCode: Status.INTERNAL }).catch(() => undefined);
        await infra.echo({ text: "probe" });
        span.end();
      });
      client.close();
      infra.close();
      server.forceShutdown();
      await tracing.shutdown();
    });

    const spansOf = (kind: SpanKind) => exporter.spans.filter((span) => span.kind === kind);

    it("makes a client span per call, child of the caller's span, with the RPC attributes and status code", () => {
      const clients = spansOf(SpanKind.CLIENT);
      expect(clients.map((span) => span.name)).to.deep.equal(Array(3).fill("test.v1.EchoService/Echo").concat("grpc.testing.Echo/Echo"));
      for (const span of clients) {
        expect(span.parentSpanContext?.spanId).to.equal(page.spanContext().spanId);
        expect(span.spanContext().traceId).to.equal(page.spanContext().traceId);
        expect(span.attributes).to.include({ "rpc.system": "grpc", "rpc.method": "Echo", "server.address": "127.0.0.1" });
      }
      expect(clients.map((span) => [span.attributes["rpc.grpc.status_code"], span.status.code])).to.deep.equal([
        [Status.OK, SpanStatusCode.UNSET],
        [Status.NOT_FOUND, SpanStatusCode.ERROR],
        [Status.INTERNAL, SpanStatusCode.ERROR],
        [Status.OK, SpanStatusCode.UNSET],
      ]);
    });

    it("carries the client span's context in traceparent; the server span continues it and is active in the handler", () => {
      const clients = spansOf(SpanKind.CLIENT);
      const servers = spansOf(SpanKind.SERVER);
      expect(servers.map((span) => span.name)).to.deep.equal(Array(3).fill("test.v1.EchoService/Echo"));
      for (const [i, span] of servers.entries()) {
        const client = clients[i]!;
        expect(seen[i]?.traceparent).to.deep.equal([`00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`]);
        expect(span.parentSpanContext?.spanId).to.equal(client.spanContext().spanId);
        expect(span.attributes).to.include({ "rpc.system": "grpc", "rpc.service": "test.v1.EchoService", "rpc.method": "Echo" });
        expect(seen[i]?.active).to.equal(span.spanContext().spanId);
      }
      // NOT_FOUND is the caller's problem; INTERNAL is the server's.
      expect(servers.map((span) => [span.attributes["rpc.grpc.status_code"], span.status.code])).to.deep.equal([
        [Status.OK, SpanStatusCode.UNSET],
        [Status.NOT_FOUND, SpanStatusCode.UNSET],
        [Status.INTERNAL, SpanStatusCode.ERROR],
      ]);
    });

    it("does not trace the grpc.* services (health checks, reflection) on the server", () => {
      expect(seen[3]?.active).to.equal(undefined);
    });
  });

  it("traces every method kind: a span per call on each side, the stream's from its start to its status", async () => {
    const exporter = createSpanCollector();
    const tracing = startTracing(ON, { serviceName: "test", exporter });
    const active: Record<string, string | undefined> = {};
    const activeSpan = () => trace.getActiveSpan()?.spanContext().spanId;
    const server = createServer();
    addService(server, StreamingService, {
      echo: (request) => ({ text: request.text }),
      async *watch(request) {
        active["watch"] = activeSpan();
        for (let i = 0; i < request.count; i++) yield { text: `${i}` };
      },
      async collect(requests) {
        const texts: string[] = [];
        for await (const request of requests) texts.push(request.text);
        active["collect"] = activeSpan();
        return { text: texts.join("") };
      },
      async *chat(requests) {
        for await (const request of requests) {
          active["chat"] = activeSpan();
          if (request.failCode > 0) throw new GrpcError(request.failCode, "asked to fail");
          yield { text: request.text };
        }
      },
    });
    const address = await listenOnLoopback(server);
    const client = createClient(StreamingService, address);
    try {
      const watched: string[] = [];
      for await (const response of client.watch({ count: 3 })) watched.push(response.text);
      expect(watched).to.deep.equal(["0", "1", "2"]);
      expect((await client.collect([{ text: "a" }, { text: "b" }])).text).to.equal("ab");
      const chatted: string[] = [];
      const failure = await (async () => {
        for await (const response of client.chat([{ text: "x" }, { failCode: Status.INTERNAL }])) chatted.push(response.text);
      })().catch((error: unknown) => error);
      expect(chatted).to.deep.equal(["x"]);
      expect(failure).to.be.instanceOf(GrpcError).with.property("code", Status.INTERNAL);
    } finally {
      client.close();
      server.forceShutdown();
      await tracing.shutdown();
    }
    const byKind = (kind: SpanKind) =>
      exporter.spans.filter((span) => span.kind === kind).map((span) => [span.name, span.attributes["rpc.grpc.status_code"], span.status.code]);
    const expected = [
      ["test.v1.StreamingService/Watch", Status.OK, SpanStatusCode.UNSET],
      ["test.v1.StreamingService/Collect", Status.OK, SpanStatusCode.UNSET],
      ["test.v1.StreamingService/Chat", Status.INTERNAL, SpanStatusCode.ERROR],
    ];
    expect(byKind(SpanKind.CLIENT)).to.deep.equal(expected);
    expect(byKind(SpanKind.SERVER)).to.deep.equal(expected);
    for (const server of exporter.spans.filter((span) => span.kind === SpanKind.SERVER)) {
      const client = exporter.spans.find((span) => span.kind === SpanKind.CLIENT && span.name === server.name);
      expect(server.parentSpanContext?.spanId, server.name).to.equal(client?.spanContext().spanId);
      expect(active[server.name.split("/")[1]!.toLowerCase()], `${server.name}: the handler runs with its span active`).to.equal(server.spanContext().spanId);
    }
  });

  it("with no SDK registered makes no span and sends no traceparent", async () => {
    const seen: Array<{ traceparent: string[]; active: string | undefined }> = [];
    const { server, address } = await serveEcho(seen);
    const client = createClient(EchoService, address);
    try {
      await client.echo({ text: "plain" });
    } finally {
      client.close();
      server.forceShutdown();
    }
    expect(seen).to.deep.equal([{ traceparent: [], active: undefined }]);
  });
});
