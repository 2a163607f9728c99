import { connect } from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "chai";
import fc from "fast-check";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { callRaw, createLogSink, grpcFrame, sendRawUnary, type RawCallResult } from "@onlinebooks/testkit";
import { pino } from "pino";
import { FIXED_NOW, startTestServer } from "../testing/test-server.js";
import { MAX_REQUEST_BYTES, type RecommendationsServer } from "./recommendations-server.js";

const LEGACY = "/Recommendations/Recommend";
const V1 = "/recommendations.v1.Recommendations/Recommend";
const V2 = "/recommendations.v2.RecommendationService/Recommend";
const LIST = "/recommendations.v2.RecommendationService/ListCategories";
const HEALTH = "/grpc.health.v1.Health/Check";
const MiB = 1024 * 1024;

/**
 * A protobuf message of `entries` in order, written with protobuf-es's BinaryWriter: a
 * number as an int32 varint, a bigint as a uint64 varint, a string or bytes
 * length-delimited (whatever the schema says the field is: these messages may be wrong).
 */
function fields(...entries: Array<readonly [number, number | bigint | string | Uint8Array]>): Uint8Array {
  const writer = new BinaryWriter();
  for (const [field, value] of entries) {
    if (typeof value === "number") writer.tag(field, WireType.Varint).int32(value);
    else if (typeof value === "bigint") writer.tag(field, WireType.Varint).uint64(value);
    else if (typeof value === "string") writer.tag(field, WireType.LengthDelimited).string(value);
    else writer.tag(field, WireType.LengthDelimited).bytes(value);
  }
  return writer.finish();
}

/** The answer to a hostile call must be a real status: never UNKNOWN, never missing, never a hang. */
function expectAnswered(result: RawCallResult, what: string): number {
  expect(result.timedOut, `${what}: answered in time`).to.equal(false);
  expect(result.grpcStatus, `${what}: has a grpc-status (${JSON.stringify(result)})`).to.be.a("number");
  expect(result.grpcStatus, `${what}: not UNKNOWN`).not.to.equal(GrpcStatus.UNKNOWN);
  return result.grpcStatus as number;
}

describe("hostile gRPC input", () => {
  let server: RecommendationsServer;
  // The logger writes only error and fatal lines.
  const { stream, lines: errorLogs } = createLogSink();

  before(async () => {
    server = await startTestServer({ now: () => FIXED_NOW, logger: pino({ level: "error" }, stream) });
  });

  afterEach(async () => {
    // Whatever came before, the server still answers a well-formed call and logged no handler failure.
    const client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    try {
      expect((await client.recommend({ userId: "after", pageSize: 2 })).recommendations).to.have.length(2);
    } finally {
      client.close();
    }
    expect(errorLogs, "no error was logged (no handler failed)").to.deep.equal([]);
  });

  after(() => server.forceShutdown());

  it("answers random message bytes on every method with a real status (property-based, 240 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(LEGACY, V1, V2, LIST, HEALTH), fc.uint8Array({ maxLength: 300 }), async (path, bytes) => {
        const code = expectAnswered(await callRaw(server.address, path, grpcFrame(bytes)), path);
        expect([GrpcStatus.OK, GrpcStatus.INVALID_ARGUMENT, GrpcStatus.NOT_FOUND]).to.include(code);
      }),
      { seed: 7, numRuns: 240 },
    );
  });

  it("answers undecodable health and reflection requests with INVALID_ARGUMENT, not INTERNAL", async () => {
    const paths = [HEALTH, "/grpc.health.v1.Health/Watch", "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"];
    for (const path of paths) {
      const result = await callRaw(server.address, path, grpcFrame(Buffer.from([0])));
      expect(expectAnswered(result, path), path).to.equal(GrpcStatus.INVALID_ARGUMENT);
      expect(result.grpcMessage, path).to.match(/^malformed request: /);
    }
  });

  it("answers random HTTP/2 bodies (not even framed) with a real status (property-based, 120 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(V1, V2), fc.uint8Array({ maxLength: 64 }), async (path, body) => {
        expectAnswered(await callRaw(server.address, path, body), path);
      }),
      { seed: 11, numRuns: 120 },
    );
  });

  it("answers truncated frames with INVALID_ARGUMENT", async () => {
    const whole = grpcFrame(toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "cut", pageSize: 3 })));
    for (let cut = 1; cut < whole.length; cut += 1) {
      const result = await callRaw(server.address, V2, whole.subarray(0, cut));
      expect(expectAnswered(result, `cut at ${cut}`), `cut at ${cut}`).to.equal(GrpcStatus.INVALID_ARGUMENT);
    }
    const promisesMore = grpcFrame(Buffer.from([0x0a, 0x01, 0x41]), { declaredLength: 64 * 1024 });
    expect(expectAnswered(await callRaw(server.address, V1, promisesMore), "short body")).to.equal(GrpcStatus.INVALID_ARGUMENT);
  });

  it("answers a 16 MiB message with RESOURCE_EXHAUSTED without reading it", async () => {
    const request = fields([1, "u"], [4, Buffer.alloc(16 * MiB, 0x41)]);
    expect((await sendRawUnary(server.address, V2, request, { timeoutMs: 10_000 })).code).to.equal(GrpcStatus.RESOURCE_EXHAUSTED);
    expect((await sendRawUnary(server.address, V1, Buffer.alloc(MAX_REQUEST_BYTES + 1), { timeoutMs: 10_000 })).code).to.equal(GrpcStatus.RESOURCE_EXHAUSTED);
    for (const declaredLength of [16 * MiB, 0xffffffff]) {
      const result = await callRaw(server.address, V2, grpcFrame(Buffer.alloc(16), { declaredLength }));
      expect(expectAnswered(result, `declared ${declaredLength}`)).to.equal(GrpcStatus.RESOURCE_EXHAUSTED);
    }
  });

  it("bounds huge repeated fields: 900k categories pass, the first bad one of a huge list is named, 150k excluded ids are refused", async () => {
    const manyCategories = fields([1, "u"], [2, Buffer.alloc(900_000, v2.BookCategory.HORROR)], [3, 3]);
    expect(expectAnswered(await callRaw(server.address, V2, grpcFrame(manyCategories)), "categories")).to.equal(GrpcStatus.OK);
    const badCategories = fields([1, "u"], [2, Buffer.alloc(900_000, 0x63)]);
    const bad = await callRaw(server.address, V2, grpcFrame(badCategories));
    expect(expectAnswered(bad, "bad categories")).to.equal(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.grpcMessage).to.match(/^invalid request: categories\[0\]: /);
    const lateBad = fields([1, "u"], [2, Buffer.concat([Buffer.alloc(500_000, v2.BookCategory.HORROR), Buffer.from([0x63]), Buffer.alloc(1000, v2.BookCategory.HORROR)])]);
    const late = await callRaw(server.address, V2, grpcFrame(lateBad));
    expect(expectAnswered(late, "a bad category after 500k good ones")).to.equal(GrpcStatus.INVALID_ARGUMENT);
    expect(late.grpcMessage).to.match(/^invalid request: categories\[500000\]: value must be one of the defined enum values$/);
    const manyIds = Buffer.concat([fields([1, "u"]), ...Array.from({ length: 150_000 }, () => fields([5, "1"]))]);
    const ids = await callRaw(server.address, V2, grpcFrame(manyIds));
    expect(expectAnswered(ids, "exclude_book_ids")).to.equal(GrpcStatus.INVALID_ARGUMENT);
    expect(ids.grpcMessage).to.equal("invalid request: exclude_book_ids: must contain no more than 1000 item(s)");
  });

  it("ignores unknown fields of every wire type", async () => {
    const known = fields([1, "reader-7"], [3, 5]);
    const unknown = Buffer.concat([
      fields([99, 5], [1000, Buffer.alloc(2000, 7)]),
      new BinaryWriter().tag(7, WireType.Bit64).fixed64(0).tag(8, WireType.Bit32).fixed32(0).finish(),
    ]);
    const plain = await callRaw(server.address, V2, grpcFrame(known));
    const padded = await callRaw(server.address, V2, grpcFrame(Buffer.concat([unknown, known, unknown])));
    expect(expectAnswered(padded, "unknown fields")).to.equal(GrpcStatus.OK);
    expect(padded.bodyBytes).to.equal(plain.bodyBytes);
    const legacy = await callRaw(server.address, LEGACY, grpcFrame(Buffer.concat([fields([1, 1], [3, 3]), unknown])));
    expect(expectAnswered(legacy, "legacy")).to.equal(GrpcStatus.OK);
  });

  it("answers invalid UTF-8 in any string field with INVALID_ARGUMENT", async () => {
    for (const bytes of [[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x41, 0xe2, 0x82]]) {
      const bad = Buffer.from(bytes);
      for (const message of [fields([1, bad]), fields([1, "u"], [4, bad]), fields([1, "u"], [5, bad])]) {
        const result = await callRaw(server.address, V2, grpcFrame(message));
        expect(expectAnswered(result, `utf-8 ${bad.toString("hex")}`)).to.equal(GrpcStatus.INVALID_ARGUMENT);
        expect(result.grpcMessage).to.match(/^malformed recommendations\.v2\.RecommendRequest: /);
      }
    }
  });

  it("answers extreme numbers with the documented status", async () => {
    const INT32_MIN = -(2 ** 31);
    const INT32_MAX = 2 ** 31 - 1;
    const cases: Array<[string, string, Uint8Array, number]> = [
      ["v1 user_id min, max_results max", V1, fields([1, INT32_MIN], [3, INT32_MAX]), GrpcStatus.OK],
      ["v1 max_results min", V1, fields([3, INT32_MIN]), GrpcStatus.INVALID_ARGUMENT],
      ["v1 category max", V1, fields([2, INT32_MAX], [3, 1]), GrpcStatus.NOT_FOUND],
      ["v1 category -1", LEGACY, fields([2, -1], [3, 1]), GrpcStatus.NOT_FOUND],
      ["v1 64-bit varint in an int32", V1, fields([3, 2n ** 63n + 5n]), GrpcStatus.OK],
      ["v1 varint longer than 10 bytes", V1, Buffer.from([0x18, ...Array<number>(10).fill(0xff), 0x01]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 page_size max", V2, fields([1, "u"], [3, INT32_MAX]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 page_size min", V2, fields([1, "u"], [3, INT32_MIN]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 category max", V2, fields([1, "u"], [2, INT32_MAX]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 category min", V2, fields([1, "u"], [2, INT32_MIN]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 excluded id of 400 digits", V2, fields([1, "u"], [5, "9".repeat(400)]), GrpcStatus.OK],
      ["v2 user_id of 129 characters", V2, fields([1, "u".repeat(129)]), GrpcStatus.INVALID_ARGUMENT],
      ["v2 page_token of 1 MiB less a little", V2, fields([1, "u"], [4, "A".repeat(MiB - 64)]), GrpcStatus.INVALID_ARGUMENT],
    ];
    for (const [what, path, message, code] of cases) {
      expect(expectAnswered(await callRaw(server.address, path, grpcFrame(message)), what), what).to.equal(code);
    }
  });

  it("refuses 1 MiB of metadata and survives a rapid-reset flood (5000 streams opened and cancelled)", async () => {
    const client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    try {
      const metadata = new v2.Metadata();
      metadata.set("x-filler", "a".repeat(MiB));
      const code = await client.recommend({ userId: "u" }, { metadata }).then(() => GrpcStatus.OK, (error: v2.GrpcError) => error.code);
      expect([GrpcStatus.INTERNAL, GrpcStatus.RESOURCE_EXHAUSTED], `metadata: ${code}`).to.include(code);
    } finally {
      client.close();
    }
    const session = connect(`http://${server.address}`);
    session.on("error", () => undefined);
    for (let n = 0; n < 5000 && !session.destroyed; n += 1) {
      const stream = session.request({ ":method": "POST", ":path": V2, "content-type": "application/grpc", te: "trailers" });
      stream.on("error", () => undefined);
      stream.close(0x8); // RST_STREAM CANCEL
    }
    await sleep(200);
    session.destroy();
  });

  it("answers protocol abuse (bad compression, two messages, unknown method) without UNKNOWN", async () => {
    const request = grpcFrame(fields([1, "u"]));
    const compressedUnknown = await callRaw(server.address, V2, grpcFrame(Buffer.from("x"), { compressed: true }), { headers: { "grpc-encoding": "br" } });
    expect(expectAnswered(compressedUnknown, "br")).to.equal(GrpcStatus.UNIMPLEMENTED);
    const notGzip = await callRaw(server.address, V2, grpcFrame(Buffer.from("not gzip"), { compressed: true }), { headers: { "grpc-encoding": "gzip" } });
    expect(expectAnswered(notGzip, "bad gzip")).to.equal(GrpcStatus.INTERNAL);
    const two = await callRaw(server.address, V2, Buffer.concat([request, request]));
    expect(expectAnswered(two, "two messages")).to.equal(GrpcStatus.UNIMPLEMENTED);
    expect(expectAnswered(await callRaw(server.address, "/nope.Nope/Nope", request), "unknown method")).to.equal(GrpcStatus.UNIMPLEMENTED);
    expect(expectAnswered(await callRaw(server.address, V2, request, { headers: { "grpc-timeout": "junk" } }), "bad grpc-timeout")).not.to.equal(GrpcStatus.OK);
    // The legacy client's messages are v1's: a v2 message on the v1 path is just unknown fields and wrong types.
    const v2OnV1 = toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "x", categories: [v2.BookCategory.ROMANCE] }));
    expectAnswered(await callRaw(server.address, V1, grpcFrame(v2OnV1)), "v2 on v1");
    expect(v1.BookCategory.MYSTERY).to.equal(0);
  });
});
