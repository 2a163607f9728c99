import { status } from "@grpc/grpc-js";
import { expect } from "chai";
import { grpcFrame } from "./grpc-frame.js";
import { serveGrpc, type TestGrpcServer } from "./grpc-server.js";
import { callRaw } from "./raw-http2-call.js";
import { addRawUnaryMethod } from "./raw-unary-call.js";

const ECHO = "/test.Raw/Echo";

describe("raw HTTP/2 gRPC calls", () => {
  let server: TestGrpcServer;

  before(async () => {
    server = await serveGrpc((grpc) => addRawUnaryMethod(grpc, ECHO, (call, callback) => callback(null, call.request)));
  });

  after(() => server.close());

  it("frames a message: compressed flag, big-endian length (which may lie), the bytes", () => {
    expect(grpcFrame(Uint8Array.of(0xaa, 0xbb)).toString("hex")).to.equal("0000000002aabb");
    expect(grpcFrame(Uint8Array.of(0xaa), { compressed: true, declaredLength: 0x01020304 }).toString("hex")).to.equal("0101020304aa");
  });

  it("reports how a call ended: HTTP and gRPC status, body bytes, grpc-message", async () => {
    const ok = await callRaw(server.address, ECHO, grpcFrame(Buffer.from("hello")));
    expect(ok).to.deep.include({ httpStatus: 200, grpcStatus: status.OK, bodyBytes: 5 + 5, streamError: undefined, timedOut: false });
    const missing = await callRaw(server.address, "/test.Raw/Missing", grpcFrame(Buffer.alloc(0)));
    expect(missing.grpcStatus).to.equal(status.UNIMPLEMENTED);
    expect(missing.grpcMessage).to.include("/test.Raw/Missing");
    const cut = await callRaw(server.address, ECHO, grpcFrame(Buffer.from("hello")).subarray(0, 3));
    expect(cut.grpcStatus).to.be.a("number").and.not.equal(status.OK);
  });
});
