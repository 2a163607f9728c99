import { InterceptingCall, Metadata, type Interceptor } from "@grpc/grpc-js";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { expect } from "chai";
import { createClient } from "./client.js";
import { addService } from "./service-implementation.js";
import { EchoService, StreamingService } from "./testing/echo-service.js";

describe("createClient: client name and interceptors", () => {
  let server: TestGrpcServer;

  before(async () => {
    // Echoes the client-name metadata the server received.
    server = await serveGrpc((s) => addService(s, EchoService, { echo: (_request, context) => ({ text: context.metadata.get("client-name").join(",") }) }));
  });
  after(() => server.close());

  it("sends clientName as client-name metadata on every call, unless the call names itself", async () => {
    const client = createClient(EchoService, server.address, { clientName: "nightly-mailer/2.1" });
    try {
      expect((await client.echo({})).text).to.equal("nightly-mailer/2.1");
      expect((await client.echo({}, { metadata: { "x-tenant": "a" } })).text).to.equal("nightly-mailer/2.1");
      const own = new Metadata();
      own.set("client-name", "report-job");
      expect((await client.echo({}, { metadata: own })).text).to.equal("report-job");
      const shared = new Metadata();
      await client.echo({}, { metadata: shared });
      expect(shared.get("client-name"), "the caller's Metadata is not modified").to.deep.equal([]);
    } finally {
      client.close();
    }
    const anonymous = createClient(EchoService, server.address);
    expect((await anonymous.echo({})).text).to.equal("");
    anonymous.close();
  });

  it("names streaming calls too", async () => {
    const streaming = await serveGrpc((s) =>
      addService(s, StreamingService, {
        echo: () => ({}),
        async *watch(_request, context) {
          yield { text: context.metadata.get("client-name").join(",") };
        },
        collect: () => ({}),
        async *chat() {},
      }),
    );
    const client = createClient(StreamingService, streaming.address, { clientName: "newsletter" });
    try {
      const texts: string[] = [];
      for await (const response of client.watch({})) texts.push(response.text);
      expect(texts).to.deep.equal(["newsletter"]);
    } finally {
      client.close();
      streaming.close();
    }
  });

  it("refuses a client name that is not 1 to 128 printable ASCII characters", () => {
    for (const name of ["", " padded", "line\nbreak", "é", "x".repeat(129)]) {
      expect(() => createClient(EchoService, server.address, { clientName: name }), JSON.stringify(name)).to.throw(TypeError, /clientName/);
    }
  });

  it("runs the given grpc-js interceptors on every call, first one outermost", async () => {
    const order: string[] = [];
    const named = (name: string): Interceptor => (options, nextCall) =>
      new InterceptingCall(nextCall(options), {
        start(metadata, listener, next) {
          order.push(name);
          next(metadata, listener);
        },
      });
    const client = createClient(EchoService, server.address, { interceptors: [named("outer"), named("inner")] });
    try {
      await client.echo({});
      await client.echo({});
    } finally {
      client.close();
    }
    expect(order).to.deep.equal(["outer", "inner", "outer", "inner"]);
  });
});
