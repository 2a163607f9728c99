import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ServerInterceptingCall,
  type Server,
  type ServerDuplexStream,
  type ServerInterceptor,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { listenOnLoopback } from "@onlinebooks/testkit";
import { expect } from "chai";
import { Status } from "./index.js";
import { createServer } from "./server.js";
import { addService } from "./service-implementation.js";
import { EchoRequestSchema, EchoService, type EchoRequest } from "./testing/echo-service.js";
import { sendRawStream, sendRawUnary } from "./testing/raw-call.js";

/** Field 1 (text) claims 10 bytes but only 2 follow. */
const UNDECODABLE = Buffer.from([0x0a, 0x0a, 0x41, 0x42]);
const HELLO = Buffer.from(toBinary(EchoRequestSchema, create(EchoRequestSchema, { text: "hello" })));

/**
 * A service as a library built on grpc-js alone registers it: a definition whose
 * request deserializer throws on bytes it cannot decode, and callback handlers.
 */
function foreignService(handled: string[]): { definition: ServiceDefinition; implementation: Record<string, unknown> } {
  const decode = (bytes: Buffer): EchoRequest => fromBinary(EchoRequestSchema, bytes);
  const encode = (message: EchoRequest): Buffer => Buffer.from(toBinary(EchoRequestSchema, message));
  const method = { requestSerialize: encode, requestDeserialize: decode, responseSerialize: encode, responseDeserialize: decode };
  return {
    definition: {
      ask: { path: "/test.v1.Foreign/Ask", requestStream: false, responseStream: false, ...method },
      chat: { path: "/test.v1.Foreign/Chat", requestStream: true, responseStream: true, ...method },
    },
    implementation: {
      ask: (call: ServerUnaryCall<EchoRequest, EchoRequest>, callback: sendUnaryData<EchoRequest>) => {
        handled.push(`ask ${call.request.text}`);
        callback(null, call.request);
      },
      chat: (call: ServerDuplexStream<EchoRequest, EchoRequest>) => {
        call.on("data", (request: EchoRequest) => {
          handled.push(`chat ${request.text}`);
          call.write(request);
        });
        call.on("end", () => call.end());
      },
    },
  };
}

/** An interceptor that records the code of every status sent through it. */
function statusRecorder(codes: Status[]): ServerInterceptor {
  return (_descriptor, next) =>
    new ServerInterceptingCall(next, {
      sendStatus: (status, proceed) => {
        codes.push(status.code);
        proceed(status);
      },
    });
}

describe("createServer", () => {
  const handled: string[] = [];
  const codes: Status[] = [];
  let server: Server;
  let address: string;

  before(async () => {
    server = createServer({ interceptors: [statusRecorder(codes)] });
    const foreign = foreignService(handled);
    server.addService(foreign.definition, foreign.implementation as never);
    addService(server, EchoService, { echo: (request) => ({ text: request.text }) });
    address = await listenOnLoopback(server);
  });
  beforeEach(() => {
    handled.length = 0;
    codes.length = 0;
  });
  after(() => server.forceShutdown());

  it("answers an undecodable request to a service another library added with INVALID_ARGUMENT, before its handler", async () => {
    const error = await sendRawUnary(address, "/test.v1.Foreign/Ask", UNDECODABLE);
    expect(error?.code).to.equal(Status.INVALID_ARGUMENT);
    expect(error?.details).to.match(/^malformed request: /);
    expect(handled).to.deep.equal([]);
  });

  it("does so on a request stream too, at the first undecodable message", async () => {
    const status = await sendRawStream(address, "/test.v1.Foreign/Chat", [HELLO, UNDECODABLE, HELLO]);
    expect(status.code).to.equal(Status.INVALID_ARGUMENT);
    expect(status.details).to.match(/^malformed request: /);
    expect(handled).to.deep.equal(["chat hello"]);
  });

  it("lets the interceptors it was given see the status it sends", async () => {
    await sendRawUnary(address, "/test.v1.Foreign/Ask", UNDECODABLE);
    expect(codes).to.deep.equal([Status.INVALID_ARGUMENT]);
  });

  it("serves decodable requests to that service as grpc-js does", async () => {
    expect(await sendRawUnary(address, "/test.v1.Foreign/Ask", HELLO)).to.equal(null);
    expect((await sendRawStream(address, "/test.v1.Foreign/Chat", [HELLO, HELLO])).code).to.equal(Status.OK);
    expect(handled).to.deep.equal(["ask hello", "chat hello", "chat hello"]);
    expect(codes).to.deep.equal([Status.OK, Status.OK]);
  });

  it("leaves services added with addService answering with their request type", async () => {
    const error = await sendRawUnary(address, "/test.v1.EchoService/Echo", UNDECODABLE);
    expect(error?.code).to.equal(Status.INVALID_ARGUMENT);
    expect(error?.details).to.match(/^malformed test\.v1\.EchoRequest: /);
    expect(codes).to.deep.equal([Status.INVALID_ARGUMENT]);
  });
});
