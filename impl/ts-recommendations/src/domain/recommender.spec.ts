import { expect } from "chai";
import { FIXED_NOW } from "../testing/test-server.js";
import { catalogOf } from "../testing/fixture-catalog.js";
import { createCatalog, type Book, type Catalog } from "./catalog.js";
import { CATEGORIES, type Category } from "./category.js";
import { DomainError } from "./domain-error.js";
import { createRecommender, type RecommendQuery } from "./recommender.js";

const DAY = 86_400_000;
const ids = (books: readonly Book[]): number[] => books.map((book) => book.id);

function allPages(recommend: (query: RecommendQuery) => { books: readonly Book[]; nextPageToken: string }, query: RecommendQuery): number[][] {
  const pages: number[][] = [];
  let pageToken = "";
  do {
    const page = recommend({ ...query, pageToken });
    pages.push(ids(page.books));
    pageToken = page.nextPageToken;
  } while (pageToken !== "" && pages.length < 1000);
  return pages;
}

function invalidField(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).kind).to.equal("invalid-argument");
    return (error as DomainError).field;
  }
  throw new Error("no error");
}

describe("recommender", () => {
  const catalog = catalogOf({ MYSTERY: 50, SCIENCE_FICTION: 30, SELF_HELP: 5, HORROR: 12 });
  const recommender = createRecommender({ catalog, now: () => FIXED_NOW });

  it("answers the same request with the same books in the same order all day, and rotates the next day", () => {
    const query = { userId: "7", categories: ["MYSTERY"] as Category[], limit: 10 };
    const morning = createRecommender({ catalog, now: () => FIXED_NOW - 11 * 3600_000 }).recommend(query);
    const evening = createRecommender({ catalog, now: () => FIXED_NOW + 11 * 3600_000 }).recommend(query);
    const tomorrow = createRecommender({ catalog, now: () => FIXED_NOW + DAY }).recommend(query);
    expect(ids(evening.books)).to.deep.equal(ids(morning.books));
    expect(ids(tomorrow.books)).to.not.deep.equal(ids(morning.books));
  });

  it("gives different readers different picks, never a duplicate, only from the asked category", () => {
    const picks = ["1", "2", "3", "alice", "bob"].map((userId) => recommender.recommend({ userId, categories: ["MYSTERY"], limit: 10 }).books);
    expect(new Set(picks.map((books) => ids(books).join(","))).size).to.equal(5);
    for (const books of picks) {
      expect(new Set(ids(books)).size).to.equal(10);
      expect(books.every((book) => book.category === "MYSTERY")).to.equal(true);
    }
  });

  it("pages through every book of several categories exactly once, and the last page has no token", () => {
    const pages = allPages(recommender.recommend, { userId: "u", categories: ["SELF_HELP", "MYSTERY", "HORROR"], limit: 7 });
    const seen = pages.flat();
    expect(seen).to.have.length(67);
    expect(new Set(seen).size).to.equal(67);
    expect(pages.slice(0, -1).every((page) => page.length === 7)).to.equal(true);
    expect(pages.at(-1)?.length).to.be.within(1, 7);
  });

  it("interleaves categories, so the first page of a multi-category request mixes them", () => {
    const { books } = recommender.recommend({ userId: "u", categories: ["MYSTERY", "SCIENCE_FICTION"], limit: 6 });
    expect(books.filter((book) => book.category === "MYSTERY")).to.have.length(3);
  });

  it("treats an empty category list as every category and repeated categories as one", () => {
    const all = allPages(recommender.recommend, { userId: "u", categories: [], limit: 100 }).flat();
    expect(new Set(all).size).to.equal(catalog.size);
    const once = recommender.recommend({ userId: "u", categories: ["HORROR"], limit: 5 });
    const twice = recommender.recommend({ userId: "u", categories: ["HORROR", "HORROR"], limit: 5 });
    expect(ids(twice.books)).to.deep.equal(ids(once.books));
  });

  it("never returns an excluded book, on any page, and ignores ids of unknown books", () => {
    const excludeBookIds = [...ids(catalog.booksIn("SELF_HELP")).slice(0, 3), 999_999];
    const pages = allPages(recommender.recommend, { userId: "u", categories: ["SELF_HELP"], limit: 1, excludeBookIds });
    expect(pages.flat().sort()).to.deep.equal(ids(catalog.booksIn("SELF_HELP")).slice(3).sort());
    expect(pages.every((page) => page.length === 1)).to.equal(true);
  });

  it("answers an empty last page without a token when everything left is excluded", () => {
    const excludeBookIds = ids(catalog.booksIn("SELF_HELP"));
    const { books, nextPageToken } = recommender.recommend({ userId: "u", categories: ["SELF_HELP"], limit: 3, excludeBookIds });
    expect({ books, nextPageToken }).to.deep.equal({ books: [], nextPageToken: "" });
  });

  it("lets the page size change between pages without repeating a book", () => {
    const first = recommender.recommend({ userId: "u", categories: ["HORROR"], limit: 5 });
    const second = recommender.recommend({ userId: "u", categories: ["HORROR"], limit: 100, pageToken: first.nextPageToken });
    expect([...ids(first.books), ...ids(second.books)].sort()).to.deep.equal(ids(catalog.booksIn("HORROR")).sort());
    expect(second.nextPageToken).to.equal("");
  });

  it("continues a paged request on the day it started, even after midnight", () => {
    const query = { userId: "u", categories: ["MYSTERY"] as Category[], limit: 10 };
    const today = createRecommender({ catalog, now: () => FIXED_NOW });
    const tomorrow = createRecommender({ catalog, now: () => FIXED_NOW + DAY });
    const first = today.recommend(query);
    const fromTomorrow = tomorrow.recommend({ ...query, pageToken: first.nextPageToken });
    const fromToday = today.recommend({ ...query, pageToken: first.nextPageToken });
    expect(ids(fromTomorrow.books)).to.deep.equal(ids(fromToday.books));
  });

  it("refuses a page token that was altered, made for another request, or for another catalog", () => {
    const query = { userId: "u", categories: ["MYSTERY"] as Category[], limit: 5, excludeBookIds: [1] };
    const token = recommender.recommend(query).nextPageToken;
    const flipped = token.slice(0, 3) + (token[3] === "A" ? "B" : "A") + token.slice(4);
    expect(invalidField(() => recommender.recommend({ ...query, pageToken: flipped }))).to.equal("page_token");
    expect(invalidField(() => recommender.recommend({ ...query, pageToken: token + "A" }))).to.equal("page_token");
    expect(invalidField(() => recommender.recommend({ ...query, pageToken: "not a token!" }))).to.equal("page_token");
    expect(invalidField(() => recommender.recommend({ ...query, userId: "v", pageToken: token }))).to.equal("page_token");
    expect(invalidField(() => recommender.recommend({ ...query, categories: ["HORROR"], pageToken: token }))).to.equal("page_token");
    expect(invalidField(() => recommender.recommend({ ...query, excludeBookIds: [2], pageToken: token }))).to.equal("page_token");
    const other = createRecommender({ catalog: catalogOf({ MYSTERY: 51 }), now: () => FIXED_NOW });
    expect(invalidField(() => other.recommend({ ...query, pageToken: token }))).to.equal("page_token");
    expect(ids(recommender.recommend({ ...query, excludeBookIds: [1, 1], pageToken: token }).books)).to.have.length(5);
  });

  it("lists every category in enum order with its book count", () => {
    const summaries = recommender.listCategories();
    expect(summaries.map((summary) => summary.category)).to.deep.equal([...CATEGORIES]);
    expect(summaries[1]).to.deep.equal({ category: "SCIENCE_FICTION", displayName: "Science fiction", bookCount: 30 });
    expect(summaries.find((summary) => summary.category === "ROMANCE")?.bookCount).to.equal(0);
  });

  it("looks at as many books as it returns, whatever the size of the catalog", () => {
    for (const size of [1_000, 1_000_000]) {
      let reads = 0;
      const books: Book[] = Array.from({ length: size }, (_, index) => ({ id: index + 1, title: "t", authors: ["a"], year: 2000, category: "MYSTERY" }));
      const counting = new Proxy(books, {
        get(target, property, receiver) {
          if (typeof property === "string" && /^\d+$/.test(property)) reads += 1;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      const base = createCatalog([]);
      const countingCatalog: Catalog = { ...base, size, booksIn: (category) => (category === "MYSTERY" ? counting : []) };
      const page = createRecommender({ catalog: countingCatalog, now: () => FIXED_NOW }).recommend({ userId: "u", categories: ["MYSTERY"], limit: 25 });
      expect(page.books).to.have.length(25);
      expect(reads, `catalog of ${size}`).to.equal(26);
    }
  });
});
