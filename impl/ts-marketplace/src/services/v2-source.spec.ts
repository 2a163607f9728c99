import { expect } from "chai";
import { create } from "@bufbuild/protobuf";
import {
  BookCategory,
  RecommendResponseSchema,
  type RecommendRequest,
  type RecommendResponse,
} from "@onlinebooks/recommendations-v2";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { HOMEPAGE_CATEGORIES } from "../catalog-categories.js";
import { createV2Source } from "./v2-source.js";

type Init = MessageInitShape<typeof RecommendResponseSchema>;

function book(id: number, category: BookCategory) {
  return { book: { id: String(id), title: `T${id}`, authors: ["A"], category, publishedYear: id === 3 ? 0 : 1900 + id } };
}

function fakeClient(pages: Init[]) {
  const requests: Array<{ request: Partial<RecommendRequest>; timeoutMs: number | undefined }> = [];
  return {
    requests,
    client: {
      async recommend(request: Partial<RecommendRequest>, options?: { timeoutMs?: number }): Promise<RecommendResponse> {
        requests.push({ request, timeoutMs: options?.timeoutMs });
        return create(RecommendResponseSchema, pages[requests.length - 1] ?? {});
      },
    },
  };
}

describe("createV2Source", () => {
  it("fills every shelf from one call when the first page holds enough books", async () => {
    const { client, requests } = fakeClient([
      {
        recommendations: [
          book(1, BookCategory.MYSTERY),
          book(2, BookCategory.SCIENCE_FICTION),
          book(3, BookCategory.MYSTERY),
          book(4, BookCategory.SELF_HELP),
          book(5, BookCategory.MYSTERY),
          book(6, BookCategory.SCIENCE_FICTION),
          book(7, BookCategory.SELF_HELP),
        ],
        nextPageToken: "more",
      },
    ]);
    const shelves = await createV2Source({ client: client as never }).shelves(
      { userId: 9, categories: HOMEPAGE_CATEGORIES, perCategory: 2 },
      { timeoutMs: 300 },
    );
    expect(requests).to.have.length(1);
    expect(requests[0]?.request).to.deep.include({ userId: "9", pageSize: 12, pageToken: "" });
    expect(requests[0]?.timeoutMs).to.be.at.most(300);
    expect(shelves.map((s) => s.books.map((b) => b.id))).to.deep.equal([["1", "3"], ["2", "6"], ["4", "7"]]);
    expect(shelves[0]?.books[1]).to.deep.equal({ id: "3", title: "T3", authors: ["A"], year: undefined });
  });

  it("follows next_page_token while a shelf is short, and stops on the last page", async () => {
    const { client, requests } = fakeClient([
      { recommendations: [book(1, BookCategory.MYSTERY), book(2, BookCategory.MYSTERY)], nextPageToken: "p2" },
      { recommendations: [book(3, BookCategory.SCIENCE_FICTION)], nextPageToken: "" },
    ]);
    const shelves = await createV2Source({ client: client as never }).shelves(
      { userId: 9, categories: HOMEPAGE_CATEGORIES, perCategory: 2 },
      { timeoutMs: 300 },
    );
    expect(requests.map((r) => r.request.pageToken)).to.deep.equal(["", "p2"]);
    expect(shelves.map((s) => s.books.length)).to.deep.equal([2, 1, 0]);
  });
});
