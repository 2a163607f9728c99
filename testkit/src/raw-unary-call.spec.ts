import { Client, credentials, status, type ServiceError } from "@grpc/grpc-js";
import { expect } from "chai";
import { freePort } from "./ports.js";
import { serveGrpc, type TestGrpcServer } from "./grpc-server.js";
import { addRawUnaryMethod, rawUnaryCall, sendRawUnary } from "./raw-unary-call.js";

const ECHO = "/test.Raw/Reverse";
const REFUSE = "/test.Raw/Refuse";

describe("raw unary calls (identity serialisers)", () => {
  let server: TestGrpcServer;

  before(async () => {
    server = await serveGrpc((grpc) => {
      addRawUnaryMethod(grpc, ECHO, (call, callback) => callback(null, Buffer.from(call.request).reverse()));
      addRawUnaryMethod(grpc, REFUSE, (_call, callback) => callback({ code: status.NOT_FOUND, details: "no such thing" }));
    });
  });

  after(() => server.close());

  it("sends the bytes undecoded and resolves with the answer's bytes", async () => {
    const client = new Client(server.address, credentials.createInsecure());
    try {
      expect([...(await rawUnaryCall(client, ECHO, Uint8Array.of(1, 2, 3)))]).to.deep.equal([3, 2, 1]);
      const failure = await rawUnaryCall(client, REFUSE, Uint8Array.of(1)).then(() => undefined, (error: ServiceError) => error);
      expect(failure?.code).to.equal(status.NOT_FOUND);
    } finally {
      client.close();
    }
  });

  it("sendRawUnary resolves with the status on a client of its own, never rejecting", async () => {
    expect(await sendRawUnary(server.address, ECHO, Buffer.from("x"))).to.deep.equal({ code: status.OK, details: "" });
    expect(await sendRawUnary(server.address, REFUSE, Buffer.from("x"))).to.deep.equal({ code: status.NOT_FOUND, details: "no such thing" });
    expect((await sendRawUnary(server.address, "/test.Raw/Missing", Buffer.alloc(0))).code).to.equal(status.UNIMPLEMENTED);
    const nobody = `127.0.0.1:${await freePort()}`;
    expect((await sendRawUnary(nobody, ECHO, Buffer.alloc(0), { timeoutMs: 1000 })).code).to.be.oneOf([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);
  });
});
