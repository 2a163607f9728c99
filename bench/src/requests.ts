import { create, toBinary } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { sendRawUnary } from "@onlinebooks/testkit";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";

/** One RPC as the load generators send it: its path and the encoded request message. */
export interface RpcCase {
  /** `legacy`, `v1` or `v2`. */
  readonly api: "legacy" | "v1" | "v2";
  /** The RPC path. */
  readonly path: string;
  /** The request message, protobuf-encoded (not framed). */
  readonly message: Uint8Array;
}

/** The v2 Recommend path, which the reference server answers too. */
export const V2_RECOMMEND_PATH = `/${v2.RecommendationService.typeName}/${v2.RecommendationService.method.recommend.name}`;

const v1Request = toBinary(
  v1.RecommendationRequestSchema,
  create(v1.RecommendationRequestSchema, { userId: 42, category: v1.BookCategory.MYSTERY, maxResults: 10 }),
);

/** Ten books of one category for reader 42 on the v2 path (which the reference server answers too). */
export const V2_CASE: RpcCase = {
  api: "v2",
  path: V2_RECOMMEND_PATH,
  message: toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "42", categories: [v2.BookCategory.MYSTERY], pageSize: 10 })),
};

/** Ten books of one category for reader 42, on each path the service serves. */
export const RPC_CASES: readonly RpcCase[] = [
  { api: "legacy", path: "/Recommendations/Recommend", message: v1Request },
  { api: "v1", path: `/${v1.Recommendations.typeName}/Recommend`, message: v1Request },
  V2_CASE,
];

/** The v2 request the homepage makes: 4 books in each of the three featured categories, asked as one page of 24. */
export const HOMEPAGE_V2_REQUEST = toBinary(
  v2.RecommendRequestSchema,
  create(v2.RecommendRequestSchema, {
    userId: "42",
    categories: [v2.BookCategory.MYSTERY, v2.BookCategory.SCIENCE_FICTION, v2.BookCategory.SELF_HELP],
    pageSize: 24,
  }),
);

/**
 * The reference server's fixed answer: a v2 `RecommendResponse` of `books` books (ten,
 * as the RPC cases ask; 24 for the homepage's request) the size of the shipped
 * catalog's, with a page token, encoded once.
 */
export function referenceResponse(books = 10): Uint8Array {
  const recommendations = Array.from({ length: books }, (_, index) => ({
    book: {
      id: String(100 + index),
      title: `The Reference Book Number ${index}`,
      authors: ["Agatha Reference"],
      category: v2.BookCategory.MYSTERY,
      publishedYear: 1930 + index,
    },
  }));
  return toBinary(
    v2.RecommendResponseSchema,
    create(v2.RecommendResponseSchema, { recommendations, nextPageToken: "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
  );
}

/**
 * One call of `rpc` to 127.0.0.1:`port` on a channel of its own (closed afterwards),
 * deadline 10 s; rejects naming the path, port and status unless it answers OK.
 */
export async function callOnce(port: number, rpc: Pick<RpcCase, "path" | "message">): Promise<void> {
  const { code, details } = await sendRawUnary(`127.0.0.1:${port}`, rpc.path, rpc.message, { timeoutMs: 10_000 });
  if (code !== status.OK) throw new Error(`${rpc.path} on port ${port} answered ${status[code]}: ${details}`);
}
