import { create } from "@bufbuild/protobuf";
import { expect } from "chai";
import fc from "fast-check";
import type { HandlerContext } from "@onlinebooks/grpc-es";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { DomainError } from "../domain/domain-error.js";
import { createRecommender } from "../domain/recommender.js";
import { catalogOf } from "../testing/fixture-catalog.js";
import { FIXED_NOW } from "../testing/test-server.js";
import { pino } from "pino";
import { createErrorMapper } from "./map-error.js";
import { createV1Handlers, V1_MAX_RESULTS } from "./v1-adapter.js";
import { createV2Handlers, V2_MAX_PAGE_SIZE } from "./v2-adapter.js";

const catalog = catalogOf({ MYSTERY: 120, SCIENCE_FICTION: 40, SELF_HELP: 3, HORROR: 9 });
const recommender = createRecommender({ catalog, now: () => FIXED_NOW });
const v1Handlers = createV1Handlers(recommender);
const v2Handlers = createV2Handlers(recommender, createErrorMapper(pino({ level: "silent" })));
/** The handlers do not look at the call context. */
const context = {} as HandlerContext;
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** Runs a handler; it must answer or fail with a DomainError naming a field (an invalid argument's message starts with it). */
async function answerOrDomainError<T>(run: () => T | Promise<T>): Promise<T | DomainError> {
  try {
    return await run();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(DomainError);
    const { field, message, kind } = error as DomainError;
    expect(field, message).to.be.a("string");
    if (kind === "invalid-argument") expect(message.startsWith(field as string), message).to.equal(true);
    return error as DomainError;
  }
}

describe("request validation (property-based)", () => {
  it("v1/legacy: any int32 values give at most min(max_results, 100) distinct books, or the documented error", async () => {
    await fc.assert(
      fc.asyncProperty(int32, fc.oneof(int32, fc.integer({ min: -1, max: 3 })), fc.oneof(int32, fc.integer({ min: -2, max: 200 })), async (userId, category, maxResults) => {
        const result = await answerOrDomainError(() => v1Handlers.recommend(create(v1.RecommendationRequestSchema, { userId, category, maxResults }), context));
        if (result instanceof DomainError) {
          if (maxResults < 0) expect(result).to.include({ kind: "invalid-argument", field: "max_results" });
          else expect(result).to.include({ kind: "not-found", field: "category", message: "Category not found" });
          return;
        }
        const ids = (result.recommendations ?? []).map((book) => book.id);
        expect(ids.length).to.be.at.most(Math.min(maxResults, V1_MAX_RESULTS));
        expect(new Set(ids).size).to.equal(ids.length);
        expect([0, 1, 2]).to.include(category);
      }),
      { seed: 21, numRuns: 400 },
    );
  });

  it("v2: any request gives a valid page, or INVALID_ARGUMENT naming the field at fault", async () => {
    const userId = fc.oneof(fc.string({ maxLength: 140 }), fc.stringMatching(/^[A-Za-z0-9\-_.:@]{1,130}$/), fc.string({ unit: "binary", maxLength: 10 }));
    const category = fc.oneof(fc.integer({ min: 0, max: 11 }), int32);
    const bookId = fc.oneof(fc.stringMatching(/^[1-9][0-9]{0,12}$/), fc.string({ maxLength: 12 }), fc.constant("0"), fc.constant("01"));
    const request = fc.record({
      userId,
      categories: fc.array(category, { maxLength: 6 }),
      pageSize: fc.oneof(fc.integer({ min: -2, max: 102 }), int32),
      pageToken: fc.oneof(fc.constant(""), fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 })),
      excludeBookIds: fc.oneof(fc.array(bookId, { maxLength: 8 }), fc.constant(Array<string>(1001).fill("5"))),
    });
    await fc.assert(
      fc.asyncProperty(request, async (init) => {
        const result = await answerOrDomainError(() => v2Handlers.recommend(create(v2.RecommendRequestSchema, init), context));
        if (result instanceof DomainError) {
          expect(result.kind).to.equal("invalid-argument");
          expect(["user_id", "categories", "page_size", "page_token", "exclude_book_ids"]).to.include(result.field?.replace(/\[\d+\]$/, ""));
          return;
        }
        expect(init.userId).to.match(/^[A-Za-z0-9\-_.:@]{1,128}$/);
        expect(init.pageSize).to.be.within(0, V2_MAX_PAGE_SIZE);
        const ids = (result.recommendations ?? []).map((entry) => entry.book?.id);
        expect(ids.length).to.be.at.most(init.pageSize === 0 ? 10 : init.pageSize);
        expect(new Set(ids).size).to.equal(ids.length);
        for (const id of ids) expect(init.excludeBookIds).not.to.include(id);
      }),
      { seed: 22, numRuns: 600 },
    );
  });
});
