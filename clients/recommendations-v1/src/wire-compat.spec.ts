import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { loadSync, type MessageTypeDefinition } from "@grpc/proto-loader";
import { expect } from "chai";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BookCategory,
  RecommendationRequestSchema,
  RecommendationResponseSchema,
  Recommendations,
} from "./index.js";

const legacyProto = join(dirname(fileURLToPath(import.meta.url)), "../../../contracts/legacy/recommendations.proto");

/** The original unversioned contract, loaded the way its Node clients were built. */
const legacy = loadSync(legacyProto, { keepCase: true, enums: Number, defaults: false });
const legacyType = (name: string) => legacy[name] as MessageTypeDefinition<object, object>;
const encodeLegacy = (name: string, value: object) => legacyType(name).serialize(value);
const decodeLegacy = (name: string, bytes: Buffer) => legacyType(name).deserialize(bytes) as Record<string, unknown>;

const requests = [
  { userId: 1, category: BookCategory.MYSTERY, maxResults: 3 },
  { userId: 0, category: BookCategory.SELF_HELP, maxResults: 0 },
  { userId: 2147483647, category: BookCategory.SCIENCE_FICTION, maxResults: 100 },
  { userId: -7, category: BookCategory.SCIENCE_FICTION, maxResults: -1 },
];

/**
 * The request as a client of the original contract sends it. proto3 encoders omit
 * fields that hold their default value (the original Python clients do); protobufjs
 * writes explicitly set zeros, so only the non-default fields are handed to it.
 */
function legacyRequest(request: (typeof requests)[number]): Record<string, number> {
  const fields = { user_id: request.userId, category: request.category, max_results: request.maxResults };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== 0));
}

describe("wire compatibility with the original unversioned contract", () => {
  for (const request of requests) {
    it(`encodes ${JSON.stringify(request)} to the same bytes`, () => {
      const versioned = Buffer.from(toBinary(RecommendationRequestSchema, create(RecommendationRequestSchema, request)));
      const original = encodeLegacy("RecommendationRequest", legacyRequest(request));
      expect(versioned.toString("hex")).to.equal(original.toString("hex"));
    });
  }

  it("reads requests that spell out zero values the same way", () => {
    const explicit = encodeLegacy("RecommendationRequest", { user_id: 0, category: 0, max_results: 0 });
    expect(explicit.length).to.be.greaterThan(0);
    expect(fromBinary(RecommendationRequestSchema, explicit)).to.deep.equal(create(RecommendationRequestSchema));
  });

  it("decodes a response written by the original contract", () => {
    const books = [
      { id: 1, title: "The Maltese Falcon" },
      { id: 9, title: "Man's Search for Meaning" },
    ];
    const bytes = encodeLegacy("RecommendationResponse", { recommendations: books });
    const response = fromBinary(RecommendationResponseSchema, bytes);
    expect(response.recommendations.map(({ id, title }) => ({ id, title }))).to.deep.equal(books);
    const roundTrip = decodeLegacy("RecommendationResponse", Buffer.from(toBinary(RecommendationResponseSchema, response)));
    expect(roundTrip["recommendations"]).to.deep.equal(books);
  });

  it("keeps the service, method and message names of the original", () => {
    expect(Recommendations.name).to.equal("Recommendations");
    expect(Recommendations.methods.map((m) => [m.name, m.input.name, m.output.name])).to.deep.equal([
      ["Recommend", "RecommendationRequest", "RecommendationResponse"],
    ]);
    expect(Object.keys(legacy)).to.include.members(["Recommendations", "RecommendationRequest", "BookCategory"]);
  });
});
