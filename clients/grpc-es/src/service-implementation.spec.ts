import { expect } from "chai";
import { GrpcError } from "./grpc-error.js";
import { createServiceImplementation, addService } from "./service-implementation.js";
import { EchoService } from "./testing/echo-service.js";
import { sendRawUnary } from "./testing/raw-call.js";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { Status } from "./index.js";

describe("createServiceImplementation", () => {
  let server: TestGrpcServer;
  const mapped: unknown[] = [];

  before(async () => {
    server = await serveGrpc((s) =>
      addService(
        s,
        EchoService,
        {
          echo: (request) => {
            if (request.text === "domain") throw new RangeError("out of stock");
            if (request.text === "sync") return { text: "answered synchronously" };
            return Promise.resolve({ text: request.text });
          },
        },
        {
          mapError: (error) => {
            mapped.push(error);
            return new GrpcError(Status.FAILED_PRECONDITION, (error as Error).message);
          },
        },
      ),
    );
  });
  after(() => server.close());

  it("answers a malformed request with INVALID_ARGUMENT, not INTERNAL", async () => {
    // Field 1 (text) claims 10 bytes but only 2 follow.
    const error = await sendRawUnary(server.address, "/test.v1.EchoService/Echo", Buffer.from([0x0a, 0x0a, 0x41, 0x42]));
    expect(error?.code).to.equal(Status.INVALID_ARGUMENT);
    expect(error?.details).to.match(/^malformed test\.v1\.EchoRequest: /);
  });

  it("routes other errors through mapError", async () => {
    const error = await sendRawUnary(server.address, "/test.v1.EchoService/Echo", Buffer.from([0x0a, 0x06, ...Buffer.from("domain")]));
    expect(error?.code).to.equal(Status.FAILED_PRECONDITION);
    expect(error?.details).to.equal("out of stock");
    expect(mapped).to.have.length(1);
  });

  it("accepts handlers that return synchronously", async () => {
    const error = await sendRawUnary(server.address, "/test.v1.EchoService/Echo", Buffer.from([0x0a, 0x04, ...Buffer.from("sync")]));
    expect(error).to.equal(null);
  });

  it("falls back to INTERNAL when mapError itself throws", async () => {
    const broken = await serveGrpc((s) =>
      addService(s, EchoService, { echo: () => Promise.reject(new Error("x")) }, {
        mapError: () => {
          throw new Error("mapper bug");
        },
      }),
    );
    try {
      const error = await sendRawUnary(broken.address, "/test.v1.EchoService/Echo", Buffer.alloc(0));
      expect(error?.code).to.equal(Status.INTERNAL);
      expect(error?.details).to.equal("internal error");
    } finally {
      broken.close();
    }
  });

  it("requires a handler for every method", () => {
    expect(() => createServiceImplementation(EchoService, {} as never)).to.throw(TypeError, 'no handler for test.v1.EchoService.Echo (expected "echo")');
  });
});
