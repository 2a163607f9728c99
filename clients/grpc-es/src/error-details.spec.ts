import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { listenOnLoopback } from "@onlinebooks/testkit";
import { expect } from "chai";
import { createClient } from "./client.js";
import { badRequestDetail, errorDetail, errorInfoDetail, STATUS_DETAILS_KEY } from "./error-details.js";
import { RetryInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import { GrpcError } from "./grpc-error.js";
import { rejection } from "./testing/rejection.js";
import { Metadata, Status } from "./index.js";
import { createServer } from "./server.js";
import { addService } from "./service-implementation.js";
import { EchoService } from "./testing/echo-service.js";
import { sendRawUnary } from "./testing/raw-call.js";

const DOMAIN = "test.example";

describe("google.rpc.Status error details", () => {
  let server: Server;
  let address: string;
  let client: ReturnType<typeof createClient<typeof EchoService>>;

  before(async () => {
    server = createServer({ errorDomain: DOMAIN, "grpc.max_receive_message_length": 1024 });
    addService(server, EchoService, {
      echo: (request) => {
        if (request.text === "busy") {
          throw new GrpcError(Status.UNAVAILABLE, "try again soon", {
            statusDetails: [
              errorInfoDetail({ reason: "OVERLOADED", domain: DOMAIN, metadata: { queue: "full" } }),
              errorDetail(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 2n }) }),
            ],
          });
        }
        if (request.text === "bad") {
          throw new GrpcError(Status.INVALID_ARGUMENT, "text is bad, and so is count", {
            statusDetails: [badRequestDetail([{ field: "text", description: "is bad" }, { field: "count", description: "is worse" }])],
          });
        }
        if (request.text === "bug") throw new TypeError("secret internals at /srv/app.js:42");
        return { text: request.text };
      },
    });
    // A service as a library built on grpc-js alone adds it, answering with a bare status.
    const asIs = (bytes: Buffer): Buffer => bytes;
    server.addService(
      { find: { path: "/test.v1.Foreign/Find", requestStream: false, responseStream: false, requestSerialize: asIs, requestDeserialize: asIs, responseSerialize: asIs, responseDeserialize: asIs } },
      { find: (_call: unknown, callback: (error: { code: Status; details: string }) => void) => callback({ code: Status.NOT_FOUND, details: "no such thing" }) },
    );
    address = await listenOnLoopback(server);
    client = createClient(EchoService, address, { defaultTimeoutMs: 5000 });
  });
  after(() => {
    client.close();
    server.forceShutdown();
  });

  it("reach the client as typed details: reason, ErrorInfo, and any other detail type", async () => {
    const error = await rejection(client.echo({ text: "busy" }));
    expect(error.code).to.equal(Status.UNAVAILABLE);
    expect(error.details).to.equal("try again soon");
    expect(error.reason).to.equal("OVERLOADED");
    expect(error.errorInfo).to.include({ reason: "OVERLOADED", domain: DOMAIN });
    expect(error.errorInfo?.metadata).to.deep.equal({ queue: "full" });
    expect(error.findDetails(RetryInfoSchema).map((retry) => retry.retryDelay?.seconds)).to.deep.equal([2n]);
    expect(error.fieldViolations).to.deep.equal([]);
  });

  it("gain an ErrorInfo when a handler's error has none, keeping its other details", async () => {
    const error = await rejection(client.echo({ text: "bad" }));
    expect(error.reason).to.equal("MALFORMED_REQUEST");
    expect(error.errorInfo?.domain).to.equal(DOMAIN);
    expect(error.fieldViolations.map(({ field, description }) => `${field}: ${description}`)).to.deep.equal(["text: is bad", "count: is worse"]);
  });

  it("say INTERNAL_ERROR for a handler's unexpected exception, and nothing more", async () => {
    const error = await rejection(client.echo({ text: "bug" }));
    expect(error.code).to.equal(Status.INTERNAL);
    expect(error.details).to.equal("internal error");
    expect(error.errorInfo?.reason).to.equal("INTERNAL_ERROR");
    expect(error.errorInfo?.metadata).to.deep.equal({});
    expect(error.statusDetails).to.have.length(1);
    expect(JSON.stringify(error.metadata.toJSON())).not.to.match(/secret|app\.js/);
  });

  it("are added to statuses grpc-js and other services send on their own", async () => {
    const tooLarge = await rejection(client.echo({ text: "x".repeat(2048) }));
    expect(tooLarge.code).to.equal(Status.RESOURCE_EXHAUSTED);
    expect(tooLarge.errorInfo).to.include({ reason: "MESSAGE_TOO_LARGE", domain: DOMAIN });

    const malformed = await sendRawUnary(address, "/test.v1.EchoService/Echo", Buffer.from([0x0a, 0x0a, 0x41]));
    const undecodable = new GrpcError(malformed?.code ?? Status.OK, malformed?.details ?? "", { metadata: malformed?.metadata });
    expect(undecodable.code).to.equal(Status.INVALID_ARGUMENT);
    expect(undecodable.reason).to.equal("MALFORMED_REQUEST");
    expect(undecodable.fieldViolations).to.deep.equal([]);

    const foreign = await sendRawUnary(address, "/test.v1.Foreign/Find", Buffer.alloc(0));
    expect(foreign?.code).to.equal(Status.NOT_FOUND);
    expect(new GrpcError(Status.NOT_FOUND, "no such thing", { metadata: foreign?.metadata }).errorInfo).to.include({ reason: "NOT_FOUND", domain: DOMAIN });
  });

  it("are ignored when they describe another status code than the call's", () => {
    const trailers = new GrpcError(Status.NOT_FOUND, "gone", { statusDetails: [errorInfoDetail({ reason: "GONE", domain: DOMAIN })] }).toStatus().metadata;
    expect(trailers.get(STATUS_DETAILS_KEY)).to.have.length(1);
    expect(new GrpcError(Status.NOT_FOUND, "gone", { metadata: trailers }).reason).to.equal("GONE");
    expect(new GrpcError(Status.ABORTED, "gone", { metadata: trailers }).reason).to.equal(undefined);
    expect(new GrpcError(Status.NOT_FOUND, "gone", { metadata: new Metadata() }).statusDetails).to.deep.equal([]);
  });
});
