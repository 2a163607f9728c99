import { create } from "@bufbuild/protobuf";
import { expect } from "chai";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { createClient } from "./client.js";
import { GrpcError } from "./grpc-error.js";
import { rejection } from "./testing/rejection.js";
import { Status } from "./index.js";
import { createRequestValidation, MAX_FULLY_CHECKED_VALUES, MAX_LISTED_VIOLATIONS } from "./request-validation.js";
import { addService } from "./service-implementation.js";
import { CheckedService, CheckRequestSchema } from "./testing/checked-service.js";

const DOMAIN = "test.example";
const validation = createRequestValidation({ domain: DOMAIN });
const check = (init: Parameters<typeof create<typeof CheckRequestSchema>>[1]) => validation.check(CheckRequestSchema, create(CheckRequestSchema, init));

/** The field violations of `error` as `field reason: description` lines. */
const lines = (error: GrpcError | undefined) => (error?.fieldViolations ?? []).map((v) => `${v.field} ${v.reason}: ${v.description}`);

describe("createRequestValidation", () => {
  it("passes a message that meets every rule", () => {
    expect(check({ name: "ok", size: 10, tags: ["a", "b", "c"] })).to.equal(undefined);
  });

  it("lists every violation with its field path, the rule as reason and protovalidate's description", () => {
    const error = check({ name: "", size: 11, tags: ["a", "", "b", "c"] });
    expect(error?.code).to.equal(Status.INVALID_ARGUMENT);
    expect(error?.errorInfo).to.include({ reason: "INVALID_FIELDS", domain: DOMAIN });
    expect(error?.errorInfo?.metadata).to.deep.equal({ violation_count: "4" });
    expect(lines(error)).to.deep.equal([
      "name REQUIRED: value is required",
      "size INT32_GTE_LTE: must be greater than or equal to 0 and less than or equal to 10",
      "tags REPEATED_MAX_ITEMS: must contain no more than 3 item(s)",
      "tags[1] STRING_MIN_LEN: must be at least 1 characters",
    ]);
    expect(error?.details).to.equal(
      "invalid request: name: value is required; size: must be greater than or equal to 0 and less than or equal to 10; " +
        "tags: must contain no more than 3 item(s); and 1 more",
    );
  });

  it(`lists at most ${MAX_LISTED_VIOLATIONS} violations, counting them all`, () => {
    const error = check({ name: "ok", tags: Array<string>(100).fill("") });
    expect(error?.fieldViolations).to.have.length(MAX_LISTED_VIOLATIONS);
    expect(error?.errorInfo?.metadata["violation_count"]).to.equal("101");
  });

  it(`checks a message of more than ${MAX_FULLY_CHECKED_VALUES} repeated values up to its first violation`, () => {
    const error = check({ name: "", tags: Array<string>(MAX_FULLY_CHECKED_VALUES + 1).fill("") });
    expect(lines(error)).to.deep.equal(["name REQUIRED: value is required"]);
    expect(error?.errorInfo?.metadata["violation_count"]).to.equal("1");
    expect(check({ name: "ok", tags: Array<string>(MAX_FULLY_CHECKED_VALUES + 1).fill("a") })?.reason).to.equal("INVALID_FIELDS");
  });
});

describe("request validation on the wire", () => {
  let server: TestGrpcServer;
  let handled = 0;

  before(async () => {
    server = await serveGrpc((s) =>
      addService(
        s,
        CheckedService,
        {
          check: (request) => (handled++, { name: request.name }),
          async *watch(request) {
            handled++;
            yield { name: request.name };
          },
        },
        { validation },
      ),
    );
  });
  beforeEach(() => {
    handled = 0;
  });
  after(() => server.close());

  it("answers a request that breaks the rules before its handler runs, with every violation", async () => {
    const client = createClient(CheckedService, server.address, { defaultTimeoutMs: 5000 });
    try {
      const error = await rejection(client.check({ name: "far too long", size: -1 }));
      expect(error.reason).to.equal("INVALID_FIELDS");
      expect(lines(error)).to.deep.equal([
        "name STRING_MAX_LEN: must be at most 8 characters",
        "size INT32_GTE_LTE: must be greater than or equal to 0 and less than or equal to 10",
      ]);
      expect(handled).to.equal(0);
      expect((await client.check({ name: "fine" })).name).to.equal("fine");
      expect(handled).to.equal(1);
    } finally {
      client.close();
    }
  });

  it("checks the request of a server-streaming call before its handler runs", async () => {
    const client = createClient(CheckedService, server.address, { defaultTimeoutMs: 5000 });
    try {
      const error = await rejection((async () => {
        for await (const _ of client.watch({ name: "" })) throw new Error("answered");
      })());
      expect([error.code, error.reason, lines(error)]).to.deep.equal([Status.INVALID_ARGUMENT, "INVALID_FIELDS", ["name REQUIRED: value is required"]]);
      expect(handled).to.equal(0);
    } finally {
      client.close();
    }
  });

  it("lets a client reject the same request itself, with the same error, without sending it", async () => {
    const request = { name: "far too long", size: -1, tags: [""] };
    const remote = createClient(CheckedService, server.address, { defaultTimeoutMs: 5000 });
    // Nothing listens there: only a request that is never sent can fail INVALID_ARGUMENT.
    const local = createClient(CheckedService, "127.0.0.1:1", { defaultTimeoutMs: 5000, validateRequests: true, errorDomain: DOMAIN });
    try {
      const fromServer = await rejection(remote.check(request));
      const fromClient = await rejection(local.check(request));
      expect(fromClient.code).to.equal(fromServer.code);
      expect(fromClient.details).to.equal(fromServer.details);
      expect(fromClient.errorInfo).to.deep.equal(fromServer.errorInfo);
      expect(fromClient.fieldViolations).to.deep.equal(fromServer.fieldViolations);
      expect((await rejection(local.check({ name: "fine" }))).code).to.equal(Status.UNAVAILABLE);
    } finally {
      remote.close();
      local.close();
    }
  });
});
