import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { Metadata, ServerCredentials } from "@grpc/grpc-js";
import { expect } from "chai";
import { createClient, type PromiseClient } from "./client.js";
import { GrpcError } from "./grpc-error.js";
import type { HandlerContext } from "./handler-context.js";
import { addService } from "./service-implementation.js";
import { EchoRequestSchema, EchoService, type EchoRequest } from "./testing/echo-service.js";
import { createTestCertificates, serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { Status } from "./index.js";

/** Echo handler: fails with `failCode`, waits `delayMs` (or until cancelled), echoes `text`. */
async function echo(request: EchoRequest, context: HandlerContext) {
  if (request.delayMs > 0) await sleep(request.delayMs, undefined, { signal: context.signal }).catch(() => undefined);
  if (request.failCode > 0) {
    const trailers = new Metadata();
    trailers.set("x-reason", "asked-for");
    throw new GrpcError(request.failCode, `failing with ${request.failCode}`, { metadata: trailers });
  }
  if (request.text === "boom") throw new Error("secret internals");
  return { text: `${request.text}|${context.metadata.get("x-tenant").join(",")}` };
}

describe("createClient", () => {
  let server: TestGrpcServer;
  let client: PromiseClient<typeof EchoService>;
  const contexts: HandlerContext[] = [];

  before(async () => {
    server = await serveGrpc((s) =>
      addService(s, EchoService, {
        echo: (request, context) => {
          contexts.push(context);
          return echo(request, context);
        },
      }),
    );
    client = createClient(EchoService, server.address);
  });
  after(() => {
    client.close();
    server.close();
  });

  it("calls a unary method with a plain object initialiser", async () => {
    const response = await client.echo({ text: "hello" });
    expect(response.text).to.equal("hello|");
    expect(response.$typeName).to.equal("test.v1.EchoResponse");
  });

  it("accepts a ready-made message and sends metadata", async () => {
    const request = create(EchoRequestSchema, { text: "again" });
    const response = await client.echo(request, { metadata: { "x-tenant": "books" } });
    expect(response.text).to.equal("again|books");
  });

  it("rejects with a GrpcError carrying the status code, details and trailers", async () => {
    const error = await client.echo({ failCode: Status.NOT_FOUND }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GrpcError);
    const grpcError = error as GrpcError;
    expect(grpcError.code).to.equal(Status.NOT_FOUND);
    expect(grpcError.details).to.equal("failing with 5");
    expect(grpcError.message).to.equal("[NOT_FOUND] failing with 5");
    expect(grpcError.metadata.get("x-reason")).to.deep.equal(["asked-for"]);
  });

  it("turns a handler's unexpected exception into INTERNAL without leaking it", async () => {
    const error = (await client.echo({ text: "boom" }).catch((e: unknown) => e)) as GrpcError;
    expect(error.code).to.equal(Status.INTERNAL);
    expect(error.details).to.equal("internal error");
    expect(error.message).not.to.contain("secret");
  });

  it("enforces a per-call deadline, and the handler sees it cancelled", async () => {
    const started = Date.now();
    const error = (await client.echo({ delayMs: 2000 }, { timeoutMs: 100 }).catch((e: unknown) => e)) as GrpcError;
    expect(error.code).to.equal(Status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).to.be.lessThan(1500);
    await sleep(50);
    expect(contexts.at(-1)?.signal.aborted).to.equal(true);
  });

  it("applies the default deadline, which a call can override", async () => {
    const strict = createClient(EchoService, server.address, { defaultTimeoutMs: 100 });
    try {
      const error = (await strict.echo({ delayMs: 1000 }).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.DEADLINE_EXCEEDED);
      const response = await strict.echo({ text: "slow", delayMs: 200 }, { timeoutMs: 2000 });
      expect(response.text).to.equal("slow|");
    } finally {
      strict.close();
    }
  });

  it("cancels a call in flight when its AbortSignal aborts", async () => {
    const controller = new AbortController();
    const pending = client.echo({ delayMs: 2000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const error = (await pending.catch((e: unknown) => e)) as GrpcError;
    expect(error.code).to.equal(Status.CANCELLED);
    expect((error.cause as Error).message).to.equal("user left");
  });

  it("does not start a call whose signal is already aborted", async () => {
    const before = contexts.length;
    const error = (await client.echo({ text: "x" }, { signal: AbortSignal.abort() }).catch((e: unknown) => e)) as GrpcError;
    expect(error.code).to.equal(Status.CANCELLED);
    expect(contexts.length).to.equal(before);
  });

  it("rejects a request that cannot be encoded with INVALID_ARGUMENT, before sending it", async () => {
    const before = contexts.length;
    const error = (await client.echo({ count: 2 ** 40 }).catch((e: unknown) => e)) as GrpcError;
    expect(error.code).to.equal(Status.INVALID_ARGUMENT);
    expect(error.details).to.match(/^invalid test\.v1\.EchoRequest: .*invalid int32/);
    expect(contexts.length).to.equal(before);
  });

  it("refuses a bad timeout with a TypeError", async () => {
    const error = await client.echo({}, { timeoutMs: -1 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    expect(() => createClient(EchoService, server.address, { defaultTimeoutMs: Number.NaN })).to.throw(TypeError, /defaultTimeoutMs/);
  });

  it("reports an unreachable server as UNAVAILABLE", async () => {
    const nowhere = createClient(EchoService, "127.0.0.1:1");
    try {
      const error = (await nowhere.echo({}, { timeoutMs: 5000 }).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.UNAVAILABLE);
    } finally {
      nowhere.close();
    }
  });

  it("fails calls after close()", async () => {
    const closing = createClient(EchoService, server.address);
    closing.close();
    const error = await closing.echo({}).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
  });

  it("calls a service under another path name", async () => {
    const legacy = await serveGrpc((s) => addService(s, EchoService, { echo }, { serviceName: "Echo" }));
    const renamed = createClient(EchoService, legacy.address, { serviceName: "Echo" });
    const typed = createClient(EchoService, legacy.address);
    try {
      expect((await renamed.echo({ text: "old path" })).text).to.equal("old path|");
      const error = (await typed.echo({}).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.UNIMPLEMENTED);
    } finally {
      renamed.close();
      typed.close();
      legacy.close();
    }
  });
});

describe("createClient over TLS", () => {
  const certs = createTestCertificates();
  let server: TestGrpcServer;

  before(async () => {
    const credentials = ServerCredentials.createSsl(
      certs.ca,
      [{ cert_chain: certs.serverCert, private_key: certs.serverKey }],
      true,
    );
    server = await serveGrpc((s) => addService(s, EchoService, { echo }), credentials);
  });
  after(() => server.close());

  it("calls with mutual TLS when given the CA and a client certificate", async () => {
    const client = createClient(EchoService, `localhost:${server.address.split(":")[1]}`, {
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    try {
      expect((await client.echo({ text: "secure" })).text).to.equal("secure|");
    } finally {
      client.close();
    }
  });

  it("is refused without a client certificate", async () => {
    const client = createClient(EchoService, `localhost:${server.address.split(":")[1]}`, { tls: { ca: certs.ca } });
    try {
      const error = (await client.echo({}, { timeoutMs: 5000 }).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.UNAVAILABLE);
    } finally {
      client.close();
    }
  });

  it("needs both cert and key for client authentication", () => {
    expect(() => createClient(EchoService, server.address, { tls: { cert: certs.clientCert } })).to.throw(
      TypeError,
      /both `cert` and `key`/,
    );
  });
});
