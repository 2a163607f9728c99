import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { status } from "@grpc/grpc-js";
import * as v2 from "@onlinebooks/recommendations-v2";
import { addRawUnaryMethod, serveGrpc } from "@onlinebooks/testkit";
import { expect } from "chai";

const { BookCategory } = v2;
const RECOMMEND = "/recommendations.v2.RecommendationService/Recommend";
const LIST_CATEGORIES = "/recommendations.v2.RecommendationService/ListCategories";

/** A request that sets every field of `RecommendRequest`. */
const request = {
  userId: "reader-42",
  categories: [BookCategory.MYSTERY, BookCategory.FANTASY],
  pageSize: 5,
  pageToken: "token",
  excludeBookIds: ["7", "9"],
};

/** The same request written field by field from the contract's field numbers (categories packed, as proto3 sends them). */
const requestBytes = new BinaryWriter()
  .tag(1, WireType.LengthDelimited).string("reader-42")
  .tag(2, WireType.LengthDelimited).fork().int32(1).int32(4).join()
  .tag(3, WireType.Varint).int32(5)
  .tag(4, WireType.LengthDelimited).string("token")
  .tag(5, WireType.LengthDelimited).string("7")
  .tag(5, WireType.LengthDelimited).string("9")
  .finish();

/** A `RecommendResponse` of one book, written field by field from the contract's field numbers. */
const responseBytes = new BinaryWriter()
  .tag(1, WireType.LengthDelimited).fork()
  .tag(1, WireType.LengthDelimited).fork()
  .tag(1, WireType.LengthDelimited).string("b-1")
  .tag(2, WireType.LengthDelimited).string("The Hobbit")
  .tag(3, WireType.LengthDelimited).string("J. R. R. Tolkien")
  .tag(3, WireType.LengthDelimited).string("Christopher Tolkien")
  .tag(4, WireType.Varint).int32(4)
  .tag(5, WireType.Varint).int32(1937)
  .join()
  .join()
  .tag(2, WireType.LengthDelimited).string("next")
  .finish();

/** What {@link responseBytes} decode to. */
const response = {
  recommendations: [
    {
      book: { id: "b-1", title: "The Hobbit", authors: ["J. R. R. Tolkien", "Christopher Tolkien"], category: BookCategory.FANTASY, publishedYear: 1937 },
    },
  ],
  nextPageToken: "next",
};

/** A `ListCategoriesResponse` of one category, written field by field. */
const categoriesBytes = new BinaryWriter()
  .tag(1, WireType.LengthDelimited).fork()
  .tag(1, WireType.Varint).int32(5)
  .tag(2, WireType.LengthDelimited).string("History")
  .tag(3, WireType.Varint).int32(42)
  .join()
  .finish();

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("@onlinebooks/recommendations-v2 as its users rely on it", () => {
  it("exports the client, its errors and the generated messages of recommendations.v2", () => {
    expect(Object.keys(v2)).to.include.members([
      "createRecommendationsClient",
      "GrpcError",
      "Status",
      "Metadata",
      "ErrorReason",
      "ERROR_DOMAIN",
      "ErrorInfoSchema",
      "BadRequestSchema",
      "RecommendationService",
      "BookCategory",
      "BookSchema",
      "RecommendRequestSchema",
      "RecommendationSchema",
      "RecommendResponseSchema",
      "ListCategoriesRequestSchema",
      "CategorySummarySchema",
      "ListCategoriesResponseSchema",
      "BatchRecommendRequestSchema",
      "BatchRecommendResponseSchema",
      "BatchRecommendErrorSchema",
      "file_recommendations_v2_recommendations",
    ]);
  });

  it("keeps the service, method and message names (the paths on the wire)", () => {
    expect(v2.RecommendationService.typeName).to.equal("recommendations.v2.RecommendationService");
    expect(v2.RecommendationService.methods.map((m) => [m.name, m.input.typeName, m.output.typeName])).to.deep.equal([
      ["Recommend", "recommendations.v2.RecommendRequest", "recommendations.v2.RecommendResponse"],
      ["ListCategories", "recommendations.v2.ListCategoriesRequest", "recommendations.v2.ListCategoriesResponse"],
      ["BatchRecommend", "recommendations.v2.BatchRecommendRequest", "recommendations.v2.BatchRecommendResponse"],
    ]);
    expect(v2.RecommendationService.method.batchRecommend.methodKind).to.equal("bidi_streaming");
  });

  it("writes a batch item's error as google.rpc.Status is written (code 1, message 2, details 3), so either decodes it", () => {
    const error = create(v2.BatchRecommendErrorSchema, { code: status.INVALID_ARGUMENT, message: "user_id is required" });
    const statusBytes = new BinaryWriter()
      .tag(1, WireType.Varint).int32(3)
      .tag(2, WireType.LengthDelimited).string("user_id is required")
      .finish();
    expect(hex(toBinary(v2.BatchRecommendErrorSchema, error))).to.equal(hex(statusBytes));
    expect(v2.BatchRecommendErrorSchema.fields.map((field) => [field.name, field.number])).to.deep.equal([["code", 1], ["message", 2], ["details", 3]]);
    expect(v2.BatchRecommendErrorSchema.field.details.message?.typeName).to.equal("google.protobuf.Any");
  });

  it("keeps the enum numbers of every category, 0 meaning unspecified", () => {
    expect(v2.BookCategorySchema.values.map((value) => [value.name, value.number])).to.deep.equal([
      ["BOOK_CATEGORY_UNSPECIFIED", 0],
      ["BOOK_CATEGORY_MYSTERY", 1],
      ["BOOK_CATEGORY_SCIENCE_FICTION", 2],
      ["BOOK_CATEGORY_SELF_HELP", 3],
      ["BOOK_CATEGORY_FANTASY", 4],
      ["BOOK_CATEGORY_HISTORY", 5],
      ["BOOK_CATEGORY_BIOGRAPHY", 6],
      ["BOOK_CATEGORY_POPULAR_SCIENCE", 7],
      ["BOOK_CATEGORY_LITERARY_FICTION", 8],
      ["BOOK_CATEGORY_HORROR", 9],
      ["BOOK_CATEGORY_ROMANCE", 10],
    ]);
  });

  it("encodes a request with the contract's field numbers", () => {
    expect(hex(toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, request)))).to.equal(hex(requestBytes));
    expect(toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema)), "an empty request is empty").to.have.length(0);
  });

  it("decodes responses written from the contract's field numbers", () => {
    expect(fromBinary(v2.RecommendResponseSchema, responseBytes)).to.deep.equal(create(v2.RecommendResponseSchema, response));
    const categories = fromBinary(v2.ListCategoriesResponseSchema, categoriesBytes).categories;
    expect(categories.map(({ category, displayName, bookCount }) => ({ category, displayName, bookCount }))).to.deep.equal([
      { category: BookCategory.HISTORY, displayName: "History", bookCount: 42 },
    ]);
  });

  it("calls a server over the wire: the request's bytes as the contract says, the answer decoded, a failure with its status", async () => {
    const server = await serveGrpc((grpc) => {
      addRawUnaryMethod(grpc, RECOMMEND, (call, callback) =>
        hex(call.request) === hex(requestBytes)
          ? callback(null, Buffer.from(responseBytes))
          : callback({ code: status.INVALID_ARGUMENT, details: `unexpected request ${hex(call.request)}` }),
      );
      addRawUnaryMethod(grpc, LIST_CATEGORIES, (_call, callback) => callback(null, Buffer.from(categoriesBytes)));
    });
    const client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 5000 });
    try {
      expect(await client.recommend(request)).to.deep.equal(create(v2.RecommendResponseSchema, response));
      expect((await client.listCategories({})).categories[0]?.displayName).to.equal("History");
      const failure = await client.recommend({ userId: "someone else" }).then(() => undefined, (error: unknown) => error);
      expect(failure).to.be.instanceOf(v2.GrpcError);
      expect((failure as v2.GrpcError).code).to.equal(v2.Status.INVALID_ARGUMENT);
    } finally {
      client.close();
      server.close();
    }
  });
});
