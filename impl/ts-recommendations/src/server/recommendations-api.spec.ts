import { expect } from "chai";
import { status as GrpcStatus } from "@grpc/grpc-js";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { callRaw, sendRawUnary } from "@onlinebooks/testkit";
import { createLegacyClient, type LegacyClient } from "../testing/legacy-client.js";
import { syntheticBooks, writeCatalogFile, type FixtureFile } from "../testing/fixture-catalog.js";
import { FIXED_NOW, startTestServer } from "../testing/test-server.js";
import type { RecommendationsServer } from "./recommendations-server.js";

async function failureOf(call: Promise<unknown>): Promise<v2.GrpcError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).to.be.instanceOf(v2.GrpcError);
  return error as v2.GrpcError;
}

async function codeOf(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await call;
  } catch (error) {
    const { code, details } = error as { code: number; details: string };
    return { code, details };
  }
  throw new Error("the call succeeded");
}

describe("Recommendations API over a real socket", () => {
  let server: RecommendationsServer;
  let legacy: LegacyClient;
  let clientV1: v1.RecommendationsClient;
  let clientV2: v2.RecommendationsClient;

  before(async () => {
    server = await startTestServer({ now: () => FIXED_NOW });
    legacy = createLegacyClient(server.address);
    clientV1 = v1.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    clientV2 = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
  });

  after(() => {
    legacy.close();
    clientV1.close();
    clientV2.close();
    server.forceShutdown();
  });

  describe("legacy /Recommendations/Recommend (client built from the original proto)", () => {
    it("answers like the original service: up to max_results books of the category, no duplicates", async () => {
      const response = await legacy.recommend({ user_id: 1, category: "MYSTERY", max_results: 3 });
      expect(response.recommendations).to.have.length(3);
      expect(new Set(response.recommendations.map((book) => book.id)).size).to.equal(3);
      for (const book of response.recommendations) expect(book.title).to.be.a("string").and.not.equal("");
    });

    it("returns the same books in the same order as v1 for the same request", async () => {
      const request = { userId: 42, category: v1.BookCategory.SELF_HELP, maxResults: 8 };
      const fromLegacy = await legacy.recommend({ user_id: 42, category: "SELF_HELP", max_results: 8 });
      const fromV1 = await clientV1.recommend(request);
      expect(fromLegacy.recommendations).to.deep.equal(fromV1.recommendations.map(({ id, title }) => ({ id, title })));
    });

    it("answers NOT_FOUND for an unknown category and INVALID_ARGUMENT for a negative max_results", async () => {
      const unknown = await codeOf(legacy.recommend({ user_id: 1, category: 7, max_results: 3 }));
      expect(unknown).to.deep.equal({ code: GrpcStatus.NOT_FOUND, details: "Category not found" });
      expect((await codeOf(legacy.recommend({ user_id: 1, category: "MYSTERY", max_results: -1 }))).code).to.equal(GrpcStatus.INVALID_ARGUMENT);
    });
  });

  describe("recommendations.v1.Recommendations", () => {
    it("treats an unset category as MYSTERY and returns min(max_results, books in the category)", async () => {
      const { recommendations } = await clientV1.recommend({ userId: 5, maxResults: 1000 });
      expect(recommendations.length).to.be.at.least(10).and.at.most(100);
      const catalog = await clientV2.listCategories({});
      const mystery = catalog.categories.find((summary) => summary.category === v2.BookCategory.MYSTERY);
      expect(recommendations).to.have.length(Math.min(100, mystery?.bookCount ?? 0));
      expect(recommendations.map((book) => book.id)).to.include.members([1, 2, 3]);
    });

    it("returns nothing for max_results 0", async () => {
      expect((await clientV1.recommend({ userId: 5, category: v1.BookCategory.SCIENCE_FICTION })).recommendations).to.deep.equal([]);
    });

    it("gives the same answer to the same request and different picks to different readers", async () => {
      const ask = (userId: number) => clientV1.recommend({ userId, category: v1.BookCategory.MYSTERY, maxResults: 5 }).then((r) => r.recommendations.map((b) => b.id));
      expect(await ask(1)).to.deep.equal(await ask(1));
      const picks = await Promise.all([1, 2, 3, 4].map(ask));
      expect(new Set(picks.map((ids) => ids.join())).size).to.equal(4);
    });

    it("rejects a negative max_results with INVALID_ARGUMENT and an unknown category with NOT_FOUND", async () => {
      const negative = await codeOf(clientV1.recommend({ userId: 1, maxResults: -5 }));
      expect(negative.code).to.equal(GrpcStatus.INVALID_ARGUMENT);
      expect(negative.details).to.include("max_results");
      const unknown = await codeOf(clientV1.recommend({ userId: 1, category: 3 as v1.BookCategory, maxResults: 1 }));
      expect(unknown).to.deep.equal({ code: GrpcStatus.NOT_FOUND, details: "Category not found" });
    });

    it("says why in the status details: INVALID_FIELDS with the field, CATEGORY_NOT_FOUND with the category", async () => {
      const negative = await failureOf(clientV1.recommend({ userId: 1, maxResults: -5 }));
      expect(negative.errorInfo).to.include({ reason: v1.ErrorReason.INVALID_FIELDS, domain: v1.ERROR_DOMAIN });
      expect(negative.fieldViolations.map(({ field, reason }) => [field, reason])).to.deep.equal([["max_results", "INT32_GTE"]]);
      const unknown = await failureOf(clientV1.recommend({ userId: 1, category: 3 as v1.BookCategory, maxResults: 1 }));
      expect(unknown.errorInfo).to.include({ reason: v1.ErrorReason.CATEGORY_NOT_FOUND, domain: v1.ERROR_DOMAIN });
      expect(unknown.errorInfo?.metadata).to.deep.equal({ category: "3" });
      expect(unknown.fieldViolations).to.deep.equal([]);
    });
  });

  describe("v1 and v2 side by side", () => {
    it("equivalent requests (same reader, one category, same count) return the same books in the same order", async () => {
      for (const [userId, category1, category2, count] of [
        [42, v1.BookCategory.MYSTERY, v2.BookCategory.MYSTERY, 10],
        [-7, v1.BookCategory.SCIENCE_FICTION, v2.BookCategory.SCIENCE_FICTION, 25],
        [0, v1.BookCategory.SELF_HELP, v2.BookCategory.SELF_HELP, 3],
      ] as const) {
        const one = await clientV1.recommend({ userId, category: category1, maxResults: count });
        const two = await clientV2.recommend({ userId: String(userId), categories: [category2], pageSize: count });
        expect(two.recommendations.map((r) => r.book?.id)).to.deep.equal(one.recommendations.map((b) => String(b.id)));
        expect(two.recommendations.map((r) => r.book?.title)).to.deep.equal(one.recommendations.map((b) => b.title));
      }
    });
  });

  describe("recommendations.v2.RecommendationService", () => {
    it("returns full books, 10 by default, with a next page token", async () => {
      const response = await clientV2.recommend({ userId: "reader-1", categories: [v2.BookCategory.HISTORY] });
      expect(response.recommendations).to.have.length(10);
      const book = response.recommendations[0]?.book;
      expect(book?.id).to.match(/^[1-9][0-9]*$/);
      expect(book?.authors.length).to.be.at.least(1);
      expect(book?.category).to.equal(v2.BookCategory.HISTORY);
      expect(book?.publishedYear).to.be.a("number").and.not.equal(0);
      expect(response.nextPageToken).to.not.equal("");
    });

    it("pages through a request without ever repeating a book, honouring exclusions, with no token on the last page", async () => {
      const request = { userId: "pager", categories: [v2.BookCategory.FANTASY, v2.BookCategory.HORROR], excludeBookIds: [] as string[] };
      const firstPage = await clientV2.recommend({ ...request, pageSize: 5 });
      request.excludeBookIds = firstPage.recommendations.slice(0, 2).map((r) => r.book?.id ?? "");
      const seen: string[] = [];
      let pageToken = "";
      let pages = 0;
      do {
        const page = await clientV2.recommend({ ...request, pageSize: 9, pageToken });
        seen.push(...page.recommendations.map((r) => r.book?.id ?? ""));
        pageToken = page.nextPageToken;
        pages += 1;
      } while (pageToken !== "");
      const counts = await clientV2.listCategories({});
      const total = counts.categories
        .filter((c) => c.category === v2.BookCategory.FANTASY || c.category === v2.BookCategory.HORROR)
        .reduce((sum, c) => sum + c.bookCount, 0);
      expect(new Set(seen).size).to.equal(seen.length);
      expect(seen).to.have.length(total - 2);
      expect(seen).to.not.include.members(request.excludeBookIds);
      expect(pages).to.equal(Math.ceil((total - 2) / 9));
    });

    it("refuses a tampered page token or one from another request with INVALID_ARGUMENT naming page_token", async () => {
      const request = { userId: "u1", categories: [v2.BookCategory.ROMANCE], pageSize: 3 };
      const { nextPageToken } = await clientV2.recommend(request);
      const tampered = nextPageToken.slice(0, -1) + (nextPageToken.endsWith("A") ? "B" : "A");
      for (const call of [
        clientV2.recommend({ ...request, pageToken: tampered }),
        clientV2.recommend({ ...request, userId: "u2", pageToken: nextPageToken }),
      ]) {
        const error = await failureOf(call);
        expect(error.code).to.equal(GrpcStatus.INVALID_ARGUMENT);
        expect(error.details).to.match(/^page_token /);
        expect(error.errorInfo).to.include({ reason: v2.ErrorReason.INVALID_PAGE_TOKEN, domain: v2.ERROR_DOMAIN });
        expect(error.fieldViolations.map(({ field, reason }) => [field, reason])).to.deep.equal([["page_token", "INVALID_PAGE_TOKEN"]]);
      }
    });

    it("answers INVALID_ARGUMENT listing the field for each invalid request", async () => {
      const cases: Array<[v2.RecommendRequest | Parameters<typeof clientV2.recommend>[0], string]> = [
        [{ userId: "" }, "user_id"],
        [{ userId: "a b" }, "user_id"],
        [{ userId: "x".repeat(129) }, "user_id"],
        [{ userId: "u", categories: [v2.BookCategory.UNSPECIFIED] }, "categories[0]"],
        [{ userId: "u", categories: [v2.BookCategory.MYSTERY, 99 as v2.BookCategory] }, "categories[1]"],
        [{ userId: "u", pageSize: -1 }, "page_size"],
        [{ userId: "u", pageSize: 101 }, "page_size"],
        [{ userId: "u", excludeBookIds: ["7", "07"] }, "exclude_book_ids[1]"],
        [{ userId: "u", excludeBookIds: ["abc"] }, "exclude_book_ids[0]"],
        [{ userId: "u", excludeBookIds: Array.from({ length: 1001 }, (_, n) => String(n + 1)) }, "exclude_book_ids"],
        [{ userId: "u", pageToken: "bogus" }, "page_token"],
      ];
      for (const [request, field] of cases) {
        const error = await failureOf(clientV2.recommend(request));
        expect(error.code, field).to.equal(GrpcStatus.INVALID_ARGUMENT);
        expect(error.fieldViolations.map((violation) => violation.field), error.details).to.deep.equal([field]);
        expect(error.details, field).to.include(field);
      }
    });

    it("accepts the largest page size and ignores excluded ids of books that do not exist", async () => {
      const response = await clientV2.recommend({ userId: "u", pageSize: 100, excludeBookIds: ["999999999", "99999999999999999999"] });
      expect(response.recommendations).to.have.length(100);
    });

    it("lists every category in enum order with display names and book counts", async () => {
      const { categories } = await clientV2.listCategories({});
      expect(categories.map((c) => c.category)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(categories[1]?.displayName).to.equal("Science fiction");
      expect(categories.reduce((sum, c) => sum + c.bookCount, 0)).to.be.at.least(300);
    });
  });

  describe("malformed and oversized requests", () => {
    it("answers random bytes and truncated messages with INVALID_ARGUMENT", async () => {
      const random = Buffer.from(Array.from({ length: 64 }, (_, n) => (n * 151 + 7) % 256));
      for (const path of ["/Recommendations/Recommend", "/recommendations.v1.Recommendations/Recommend", "/recommendations.v2.RecommendationService/Recommend"]) {
        for (const bytes of [random, Buffer.from([0x0a, 0x40, 0x41]), Buffer.from([0xff])]) {
          expect((await sendRawUnary(server.address, path, bytes)).code, path).to.equal(GrpcStatus.INVALID_ARGUMENT);
        }
      }
    });

    it("answers a request stream without a whole message (empty, or a frame cut short) with INVALID_ARGUMENT", async () => {
      const cutFrame = Buffer.from([0, 0, 0, 0, 100, 0x0a, 0x02]);
      for (const body of [Buffer.alloc(0), cutFrame, Buffer.from([0, 0])]) {
        const { grpcStatus, grpcMessage } = await callRaw(server.address, "/recommendations.v2.RecommendationService/Recommend", body);
        expect({ grpcStatus, grpcMessage }).to.deep.equal({ grpcStatus: GrpcStatus.INVALID_ARGUMENT, grpcMessage: "request message missing or truncated" });
      }
    });

    it("answers RESOURCE_EXHAUSTED for a request over 1 MiB, and keeps serving", async () => {
      const huge = await codeOf(clientV2.recommend({ userId: "u", pageToken: "x".repeat(1024 * 1024 + 1) }));
      expect(huge.code).to.equal(GrpcStatus.RESOURCE_EXHAUSTED);
      expect((await clientV2.recommend({ userId: "u", pageSize: 1 })).recommendations).to.have.length(1);
    });
  });
});

describe("Recommendations API on a small catalog", () => {
  let catalog: FixtureFile;
  let server: RecommendationsServer;
  let client: v1.RecommendationsClient;

  before(async () => {
    catalog = writeCatalogFile({ books: syntheticBooks({ MYSTERY: 150, SELF_HELP: 2 }) });
    server = await startTestServer({ catalogPath: catalog.path });
    client = v1.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
  });

  after(() => {
    client.close();
    server.forceShutdown();
    catalog.remove();
  });

  it("v1 clamps max_results at 100 and returns all books of a small category", async () => {
    expect((await client.recommend({ userId: 1, category: v1.BookCategory.MYSTERY, maxResults: 500 })).recommendations).to.have.length(100);
    expect((await client.recommend({ userId: 1, category: v1.BookCategory.SELF_HELP, maxResults: 500 })).recommendations).to.have.length(2);
    expect((await client.recommend({ userId: 1, category: v1.BookCategory.SCIENCE_FICTION, maxResults: 5 })).recommendations).to.deep.equal([]);
  });
});
