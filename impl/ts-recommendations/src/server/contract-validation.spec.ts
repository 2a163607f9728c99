import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator } from "@bufbuild/protovalidate";
import { expect } from "chai";
import fc from "fast-check";
import { createClient, GrpcError, Status } from "@onlinebooks/grpc-es";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { FIXED_NOW, startTestServer } from "../testing/test-server.js";
import type { RecommendationsServer } from "./recommendations-server.js";
import { LEGACY_SERVICE_NAME } from "./served-api.js";

/** What protovalidate itself says of a message: the field violations the server must list, in order. */
const protovalidate = createValidator();
function expectedViolations<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string[] {
  const result = protovalidate.validate(schema, message);
  if (result.kind === "error") throw result.error;
  return (result.violations ?? []).map(
    (violation) => `${pathToString(violation.field)} ${violation.ruleId.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}: ${violation.message}`,
  );
}

/** What the server answered: "OK", or the status, reason and listed field violations of its error. */
async function verdict(call: Promise<unknown>): Promise<{ status: string; reason?: string; violations?: string[]; count?: string }> {
  try {
    await call;
    return { status: "OK" };
  } catch (error) {
    if (!(error instanceof GrpcError)) throw error;
    return {
      status: Status[error.code] ?? String(error.code),
      reason: error.reason,
      violations: error.fieldViolations.map((v) => `${v.field} ${v.reason}: ${v.description}`),
      count: error.errorInfo?.metadata["violation_count"],
    };
  }
}

/**
 * The limits v2's comments state in words, and its server enforced by hand before the
 * rules were written into the contract: the rules must accept exactly these requests.
 */
function withinDocumentedLimits(init: { userId: string; categories: number[]; pageSize: number; excludeBookIds: string[] }): boolean {
  return (
    /^[A-Za-z0-9\-_.:@]{1,128}$/.test(init.userId) &&
    init.categories.every((value) => value >= 1 && value <= 10) &&
    init.pageSize >= 0 &&
    init.pageSize <= 100 &&
    init.excludeBookIds.length <= 1000 &&
    init.excludeBookIds.every((id) => /^[1-9][0-9]*$/.test(id))
  );
}

/** The server's answer to a request protovalidate finds `violations` in, when the domain has nothing more to say. */
function expectedVerdict(violations: string[]) {
  if (violations.length === 0) return { status: "OK" };
  return { status: "INVALID_ARGUMENT", reason: "INVALID_FIELDS", violations: violations.slice(0, 50), count: String(violations.length) };
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const idChars = [..."ABCXYZabcxyz0189-_.:@"];
/** User ids around every edge of the rule: empty, 1 and 128 characters, 129, characters outside the set. */
const userId = fc.oneof(
  fc.constantFrom("", "a", "x".repeat(128), "x".repeat(129), "a b", "é", "user\n", "-_.:@"),
  fc.string({ unit: fc.constantFrom(...idChars), minLength: 1, maxLength: 130 }),
  fc.string({ maxLength: 12 }),
);
/** Categories: every value of the enum, 0, just outside it, and any int32. */
const category = fc.oneof(fc.integer({ min: -1, max: 11 }), int32);
const pageSize = fc.oneof(fc.constantFrom(-1, 0, 1, 100, 101, -(2 ** 31), 2 ** 31 - 1), int32);
const bookId = fc.oneof(fc.constantFrom("1", "9", "0", "01", "", "+1", " 1", "1 ", "99999999999", "٣"), fc.stringMatching(/^[1-9][0-9]{0,12}$/));
const excludeBookIds = fc.oneof(
  fc.array(bookId, { maxLength: 6 }),
  fc.constantFrom(Array<string>(1000).fill("5"), Array<string>(1001).fill("5"), [...Array<string>(1000).fill("5"), "0"]),
);

describe("the contract's rules, enforced by the server (property-based, fixed seeds)", () => {
  let server: RecommendationsServer;
  let legacy: v1.RecommendationsClient;
  let clientV1: v1.RecommendationsClient;
  let clientV2: v2.RecommendationsClient;

  before(async () => {
    server = await startTestServer({ now: () => FIXED_NOW });
    legacy = createClient(v1.Recommendations, server.address, { serviceName: LEGACY_SERVICE_NAME, defaultTimeoutMs: 10_000 });
    clientV1 = v1.createRecommendationsClient(server.address, { defaultTimeoutMs: 10_000 });
    clientV2 = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 10_000 });
  });
  after(() => {
    legacy.close();
    clientV1.close();
    clientV2.close();
    server.forceShutdown();
  });

  it("v2 Recommend: the rules accept exactly the documented limits; the verdict and violation list are protovalidate's", async () => {
    const request = fc.record({ userId, categories: fc.array(category, { maxLength: 5 }), pageSize, excludeBookIds });
    await fc.assert(
      fc.asyncProperty(request, async (init) => {
        const message = create(v2.RecommendRequestSchema, init);
        const violations = expectedViolations(v2.RecommendRequestSchema, message);
        expect(violations.length === 0, violations.join("; ")).to.equal(withinDocumentedLimits(init));
        expect(await verdict(clientV2.recommend(message))).to.deep.equal(expectedVerdict(violations));
      }),
      { seed: 1601, numRuns: 400 },
    );
  });

  it("v1 and the legacy path: the same, where v1's one rule is max_results >= 0 and an unknown category stays NOT_FOUND", async () => {
    const request = fc.record({ userId: int32, category: fc.oneof(fc.integer({ min: -1, max: 3 }), int32), maxResults: fc.oneof(fc.integer({ min: -2, max: 2 }), int32) });
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (init, viaLegacy) => {
        const message = create(v1.RecommendationRequestSchema, init);
        const violations = expectedViolations(v1.RecommendationRequestSchema, message);
        expect(violations.length === 0).to.equal(init.maxResults >= 0);
        const expected =
          violations.length === 0 && !(init.category in v1.BookCategory)
            ? { status: "NOT_FOUND", reason: "CATEGORY_NOT_FOUND", violations: [], count: undefined }
            : expectedVerdict(violations);
        expect(await verdict((viaLegacy ? legacy : clientV1).recommend(message))).to.deep.equal(expected);
      }),
      { seed: 1602, numRuns: 300 },
    );
  });

  it("a client's own validation rejects exactly what the server rejects, with the same error", async () => {
    const local = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 10_000, validateRequests: true });
    const request = fc.record({ userId, categories: fc.array(category, { maxLength: 3 }), pageSize, excludeBookIds });
    try {
      await fc.assert(
        fc.asyncProperty(request, async (init) => {
          const [remote, own] = await Promise.all([verdict(clientV2.recommend(init)), verdict(local.recommend(init))]);
          expect(own).to.deep.equal(remote);
        }),
        { seed: 1603, numRuns: 200 },
      );
    } finally {
      local.close();
    }
  });

  it("answers three bad fields with one INVALID_ARGUMENT that lists all three", async () => {
    const error = await clientV2.recommend({ userId: "not valid!", pageSize: 500, excludeBookIds: ["7", "007"] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GrpcError);
    const { code, reason, fieldViolations, details } = error as GrpcError;
    expect({ code, reason }).to.deep.equal({ code: Status.INVALID_ARGUMENT, reason: v2.ErrorReason.INVALID_FIELDS });
    expect(fieldViolations.map((v) => v.field)).to.deep.equal(["user_id", "page_size", "exclude_book_ids[1]"]);
    expect(details).to.match(/^invalid request: user_id: .+; page_size: .+; exclude_book_ids\[1\]: .+$/);
  });
});
